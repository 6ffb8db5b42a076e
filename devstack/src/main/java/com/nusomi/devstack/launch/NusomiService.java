package com.nusomi.devstack.launch;

/** The seven services, in start order, with the port each listens on by default in a local run. */
public enum NusomiService {
    SESSION_SEALER("session-sealer", 18103),
    EVENT_EXTRACTOR("event-extractor", 18102),
    CAPTURE_INGEST("capture-ingest", 18101),
    EXPORT_PLANNER("export-planner", 18104),
    SHARD_WRITER("shard-writer", 18105),
    MANIFEST_SERVICE("manifest-service", 18106),
    API_GATEWAY("api-gateway", 18080);

    private final String module;
    private final int defaultPort;

    NusomiService(String module, int defaultPort) {
        this.module = module;
        this.defaultPort = defaultPort;
    }

    /** Maven module directory, also the service's name in logs and health output. */
    public String module() {
        return module;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Environment variable that overrides the local port, e.g. NUSOMI_API_GATEWAY_PORT. */
    public String portVariable() {
        return "NUSOMI_" + name() + "_PORT";
    }
}
