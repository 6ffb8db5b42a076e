package com.nusomi.shardwriter.destination;

/** Where an export lives inside a bucket; shared rule with manifest-service, which writes {@code <prefix>manifest.json}. */
public final class ExportLocation {
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
}
