package com.nusomi.kit.destination;

/** Where an export lives inside a bucket: the one prefix rule shard-writer, manifest-service and export-planner share. */
public final class ExportLocation {
    public static final String MANIFEST_NAME = "manifest.json";

    private ExportLocation() {}

    /** The destination prefix as a folder: no leading slash, a trailing slash unless empty ("v1" → "v1/"). */
    public static String normalizePrefix(String prefix) {
        if (prefix == null) {
            return "";
        }
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** Prefix of a Nusomi-hosted (signed_url) export inside the installation bucket. */
    public static String hostedPrefix(String workspaceId, String exportId) {
        return "exports/" + workspaceId + "/" + exportId + "/";
    }

    /** Name of a frame image inside an export, relative to the export's location: stored once per export. */
    public static String frameImageName(String sha256) {
        return "frames/" + sha256 + ".webp";
    }

    /** {@code key} relative to {@code prefix}; keys outside it are returned in full. */
    public static String relative(String prefix, String key) {
        return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
    }
}
