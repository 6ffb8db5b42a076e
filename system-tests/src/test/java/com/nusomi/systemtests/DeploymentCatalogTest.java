package com.nusomi.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.nusomi.contracts.Topic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and deploy/ must describe the topics of the catalog and every service. */
class DeploymentCatalogTest {
    static final List<String> SERVICES = List.of("capture-ingest", "event-extractor", "session-sealer", "export-planner",
            "shard-writer", "manifest-service", "api-gateway");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static Set<String> catalog() {
        return Topic.allSpecs().stream()
                .map(s -> s.name() + " partitions=" + s.partitions() + " retention.ms=" + s.retention().toMillis())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void strimziTopicsMatchTheCatalog() throws Exception {
        Set<String> deployed = new TreeSet<>();
        try (var parser = YAML.getFactory().createParser(Files.readString(Repo.path("deploy/kafka/topics.yaml")))) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                assertEquals("KafkaTopic", doc.path("kind").asText());
                JsonNode spec = doc.path("spec");
                deployed.add(spec.path("topicName").asText() + " partitions=" + spec.path("partitions").asInt()
                        + " retention.ms=" + spec.path("config").path("retention.ms").asLong());
            }
        }
        assertEquals(catalog(), deployed);
    }

    @Test
    void composeCreatesTheCatalogsTopicsAndRunsEveryService() throws Exception {
        JsonNode compose = YAML.readTree(Files.readString(Repo.path("docker-compose.yml")));
        String script = compose.path("services").path("topics").path("command").get(0).asText();
        var create = Pattern.compile("--topic (\\S+) --partitions (\\d+) --replication-factor \\d+ --config retention.ms=(\\d+)")
                .matcher(script);
        Set<String> created = new TreeSet<>();
        while (create.find()) {
            created.add(create.group(1) + " partitions=" + create.group(2) + " retention.ms=" + create.group(3));
        }
        assertEquals(catalog(), created);
        for (String service : SERVICES) {
            assertTrue(compose.path("services").has(service), "docker-compose.yml lacks " + service);
            assertTrue(Files.exists(Repo.path(service + "/src/main/docker/Dockerfile.jvm")), service + " has no Dockerfile");
        }
    }

    @Test
    void everyServiceHasADeploymentWithHealthProbes() throws Exception {
        for (String service : SERVICES) {
            Path file = Repo.path("deploy/services/" + service + ".yaml");
            try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
                JsonNode deployment = YAML.readValues(parser, JsonNode.class).readAll().get(0);
                JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
                assertEquals("/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText(), service);
                assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText(), service);
            }
        }
    }

    /** Scale-out (issue 12): every service runs at least two replicas, and no consumed topic has fewer partitions. */
    @Test
    void everyServiceRunsTwoReplicasAndEveryTopicHasAPartitionForEach() throws Exception {
        int most = 0;
        for (String service : SERVICES) {
            try (var parser = YAML.getFactory().createParser(Files.readString(Repo.path("deploy/services/" + service + ".yaml")))) {
                int replicas = YAML.readValues(parser, JsonNode.class).readAll().get(0).path("spec").path("replicas").asInt();
                assertTrue(replicas >= 2, service + " runs " + replicas + " replica(s)");
                most = Math.max(most, replicas);
            }
        }
        for (Topic topic : Topic.values()) {
            assertTrue(topic.partitions() >= most, topic.topicName() + " has " + topic.partitions()
                    + " partitions, fewer than the " + most + " replicas of a service that may consume it");
        }
    }
}
