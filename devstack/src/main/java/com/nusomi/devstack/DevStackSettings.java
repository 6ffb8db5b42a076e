package com.nusomi.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach a running devstack.
 *
 * @param kafkaBootstrap e.g. {@code 127.0.0.1:19092}
 * @param registryUrl    Apicurio v3 API, e.g. {@code http://127.0.0.1:18081/apis/registry/v3}
 * @param jdbcUrl        e.g. {@code jdbc:postgresql://localhost:15432/nusomi}
 * @param reactiveUrl    e.g. {@code postgresql://localhost:15432/nusomi}
 * @param s3Endpoint     e.g. {@code http://127.0.0.1:18333} (path-style access)
 */
public record DevStackSettings(
        String kafkaBootstrap,
        String registryUrl,
        String jdbcUrl,
        String reactiveUrl,
        String dbUser,
        String dbPassword,
        String s3Endpoint,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        String bucket) {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
    public static final String MESSAGING_REGISTRY_URL = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url";
    public static final String REGISTRY_URL = "apicurio.registry.url";
    public static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    public static final String DB_USERNAME = "quarkus.datasource.username";
    public static final String DB_PASSWORD = "quarkus.datasource.password";
    public static final String OBJECT_STORE_ENDPOINT = "nusomi.object-store.endpoint";
    public static final String OBJECT_STORE_REGION = "nusomi.object-store.region";
    public static final String OBJECT_STORE_ACCESS_KEY = "nusomi.object-store.access-key";
    public static final String OBJECT_STORE_SECRET_KEY = "nusomi.object-store.secret-key";
    public static final String OBJECT_STORE_BUCKET = "nusomi.object-store.bucket";

    /** The configuration our Quarkus services read, under their Quarkus / SmallRye property names. */
    public Map<String, String> asQuarkusConfig() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put(KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrap);
        c.put(MESSAGING_REGISTRY_URL, registryUrl);
        c.put(REGISTRY_URL, registryUrl);
        c.put(JDBC_URL, jdbcUrl);
        c.put(REACTIVE_URL, reactiveUrl);
        c.put(DB_USERNAME, dbUser);
        c.put(DB_PASSWORD, dbPassword);
        c.put(OBJECT_STORE_ENDPOINT, s3Endpoint);
        c.put(OBJECT_STORE_REGION, s3Region);
        c.put(OBJECT_STORE_ACCESS_KEY, s3AccessKey);
        c.put(OBJECT_STORE_SECRET_KEY, s3SecretKey);
        c.put(OBJECT_STORE_BUCKET, bucket);
        return c;
    }

    /** The record's components by name (what {@code infra.json} holds at its top level). */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafkaBootstrap", kafkaBootstrap);
        m.put("registryUrl", registryUrl);
        m.put("jdbcUrl", jdbcUrl);
        m.put("reactiveUrl", reactiveUrl);
        m.put("dbUser", dbUser);
        m.put("dbPassword", dbPassword);
        m.put("s3Endpoint", s3Endpoint);
        m.put("s3Region", s3Region);
        m.put("s3AccessKey", s3AccessKey);
        m.put("s3SecretKey", s3SecretKey);
        m.put("bucket", bucket);
        return m;
    }

    public static DevStackSettings fromMap(Map<String, String> m) {
        return new DevStackSettings(m.get("kafkaBootstrap"), m.get("registryUrl"), m.get("jdbcUrl"),
                m.get("reactiveUrl"), m.get("dbUser"), m.get("dbPassword"), m.get("s3Endpoint"), m.get("s3Region"),
                m.get("s3AccessKey"), m.get("s3SecretKey"), m.get("bucket"));
    }
}
