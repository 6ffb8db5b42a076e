package com.nusomi.sdk;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Nusomi API client (SPEC §10): one resource object per primitive. Thread-safe; make one and share it.
 * <pre>{@code
 * Nusomi nusomi = Nusomi.builder()
 *         .apiKey(System.getenv("NUSOMI_API_KEY"))   // the default
 *         .baseUrl("http://127.0.0.1:18080")         // self-hosted; default https://api.nusomi.com
 *         .build();
 * for (Session s : nusomi.sessions().list(SessionListFilter.workflow("process_invoice"))) {
 *     System.out.println(s.id() + " " + s.durationMs());
 * }
 * }</pre>
 * With a local installation ({@code ./nusomi up}) no option is needed: {@code Nusomi.builder().build()} reads
 * {@code $NUSOMI_HOME/credentials.json} when {@code NUSOMI_API_KEY} is not set.
 */
public final class Nusomi {
    /** The hosted API. */
    public static final String DEFAULT_BASE_URL = "https://api.nusomi.com";

    private final String baseUrl;
    private final LocalCredentials localCredentials;
    private final Sessions sessions;
    private final Events events;
    private final Frames frames;
    private final Exports exports;
    private final Webhooks webhooks;
    private final Workflows workflows;
    private final Keys keys;
    private final Workspaces workspaces;
    private final ReplayResource replay;
    private final Recovery recovery;
    private final Memory memory;

    private Nusomi(HttpTransport http, LocalCredentials localCredentials) {
        this.baseUrl = http.config().baseUrl().toString();
        this.localCredentials = localCredentials;
        this.events = new Events(http);
        this.frames = new Frames(http);
        this.sessions = new Sessions(http, events, frames);
        this.exports = new Exports(http);
        this.webhooks = new Webhooks(http);
        this.workflows = new Workflows(http);
        this.keys = new Keys(http);
        this.workspaces = new Workspaces(http);
        this.replay = new ReplayResource(http);
        this.recovery = new Recovery(http);
        this.memory = new Memory(http);
    }

    /** A builder with the defaults of SPEC §10. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A client for a local installation: the gateway and a key from its {@code credentials.json}: the workspace's
     * admin key, or the operator key with {@code operator} (for {@link #workspaces()}).
     */
    public static Nusomi fromCredentialsFile(Path file, boolean operator) {
        LocalCredentials local = LocalCredentials.read(file).orElseThrow(() -> new NusomiException(
                NusomiException.MISSING_API_KEY, "no installation file at " + file));
        String key = operator ? local.operatorKey() : local.adminKey();
        if (key == null || local.gatewayUrl() == null) {
            throw new NusomiException(NusomiException.MISSING_API_KEY, file + " has no "
                    + (operator ? "operator_key" : "admin_key") + " or gateway_url");
        }
        Builder b = builder().apiKey(key).baseUrl(local.gatewayUrl());
        b.local = local;
        return b.build();
    }

    /** {@code /v1/sessions}: recordings and their lifecycle. */
    public Sessions sessions() {
        return sessions;
    }

    /** {@code /v1/sessions/{id}/events}: typed events, emitting, live streams. */
    public Events events() {
        return events;
    }

    /** {@code /v1/sessions/{id}/frames}, {@code /v1/frames}: screen captures. */
    public Frames frames() {
        return frames;
    }

    /** {@code /v1/exports}: datasets. */
    public Exports exports() {
        return exports;
    }

    /** {@code /v1/webhooks}: signed deliveries. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** {@code /v1/workflows}. */
    public Workflows workflows() {
        return workflows;
    }

    /** {@code /v1/keys} (admin scope). */
    public Keys keys() {
        return keys;
    }

    /** {@code /v1/workspaces} (operator key). */
    public Workspaces workspaces() {
        return workspaces;
    }

    /** Replays (SPEC §8). */
    public ReplayResource replay() {
        return replay;
    }

    /** Recoveries (SPEC §8). */
    public Recovery recovery() {
        return recovery;
    }

    /** The memory graph (SPEC §8). */
    public Memory memory() {
        return memory;
    }

    /** The base URL requests go to. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The local installation file this client read, if it read one. */
    public Optional<LocalCredentials> localCredentials() {
        return Optional.ofNullable(localCredentials);
    }

    /** Options of a {@link Nusomi} client; every one has a default. */
    public static final class Builder {
        private String apiKey;
        private String baseUrl;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRetries = 3;
        private String userAgent = "nusomi-java/" + Version.VERSION;
        private System.Logger logger = System.getLogger("com.nusomi.sdk");
        private Duration retryBase = Duration.ofMillis(500);
        private Duration retryMax = Duration.ofSeconds(8);
        private HttpClient httpClient;
        private Map<String, String> environment = System.getenv();
        private Sleeper sleeper = Sleeper.REAL;
        private LocalCredentials local;

        private Builder() {}

        /** {@code nsk_…} (or {@code nso_…} for workspaces). Default: env NUSOMI_API_KEY, else the local installation file. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * Default: env NUSOMI_BASE_URL, else the installation file's {@code gateway_url} (when the key came from it or
         * is an {@code nsk_local_…} key), else {@value Nusomi#DEFAULT_BASE_URL}.
         */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Per attempt, until the answer's headers arrive. Default 30 s. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** Retries on 408, 429, 5xx, network errors and time-outs. Default 3. */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be ≥ 0");
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /** Default {@code nusomi-java/<version>}. */
        public Builder userAgent(String userAgent) {
            this.userAgent = Objects.requireNonNull(userAgent);
            return this;
        }

        /** Requests and retries are logged at DEBUG, give-ups at WARNING. Default the platform logger {@code com.nusomi.sdk}. */
        public Builder logger(System.Logger logger) {
            this.logger = Objects.requireNonNull(logger);
            return this;
        }

        /** First delay of the exponential backoff when the server sends no Retry-After. Default 500 ms. */
        public Builder retryBase(Duration retryBase) {
            this.retryBase = Objects.requireNonNull(retryBase);
            return this;
        }

        /** Largest backoff delay. Default 8 s. */
        public Builder retryMax(Duration retryMax) {
            this.retryMax = Objects.requireNonNull(retryMax);
            return this;
        }

        /** The transport (proxy, TLS, executor). Default a JDK HttpClient with a 10 s connect timeout. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /** Where NUSOMI_API_KEY, NUSOMI_BASE_URL and NUSOMI_HOME are read. Default the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Tests record the retry waits instead of sleeping. */
        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        /** The client; throws {@code missing_api_key} when no key was given or found. */
        public Nusomi build() {
            String key = nonEmpty(apiKey).orElseGet(() -> nonEmpty(environment.get("NUSOMI_API_KEY")).orElse(null));
            String envUrl = nonEmpty(environment.get("NUSOMI_BASE_URL")).orElse(null);
            LocalCredentials file = local;
            boolean localKey = key != null && key.startsWith("nsk_local_");
            if (file == null && (key == null || (baseUrl == null && envUrl == null && localKey))) {
                file = LocalCredentials.read(LocalCredentials.path(environment)).orElse(null);
            }
            boolean keyFromFile = false;
            if (key == null && file != null) {
                key = file.adminKey();
                keyFromFile = key != null;
            }
            if (key == null) {
                throw new NusomiException(NusomiException.MISSING_API_KEY, "no API key: call apiKey(..), set "
                        + "NUSOMI_API_KEY, or run a local installation (" + LocalCredentials.path(environment) + ")");
            }
            String url = baseUrl != null ? baseUrl : envUrl != null ? envUrl
                    : (file != null && (keyFromFile || localKey || local != null) && file.gatewayUrl() != null)
                    ? file.gatewayUrl() : DEFAULT_BASE_URL;
            HttpClient client = httpClient != null ? httpClient
                    : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpTransport http = new HttpTransport(new HttpTransport.Config(key, URI.create(url), timeout, maxRetries,
                    userAgent, logger, retryBase, retryMax, client, sleeper));
            return new Nusomi(http, file);
        }

        private static Optional<String> nonEmpty(String s) {
            return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
        }
    }
}
