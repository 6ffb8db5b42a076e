package com.nusomi.apigateway.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.nusomi.apigateway.mapping.Json;
import com.nusomi.contracts.avro.Event;
import com.nusomi.kit.kafka.AvroCodec;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decodes {@code Event} values for the live feed. The Apicurio deserializer builds a new schema resolver per record
 * (about 3.5 ms of CPU here for the twelve-payload union), which caps one feed thread far below 1,000 events/s; this
 * keeps one reader per writer schema id instead. A reader is trusted only after it decoded its first record exactly
 * as service-kit's codec did; anything else (unknown framing, registry unreachable, mismatch) goes through the codec.
 */
@ApplicationScoped
public class EventDecoder {
    private static final Logger LOG = Logger.getLogger(EventDecoder.class);
    /** Apicurio 3 framing: magic byte 0, then a 4-byte schema id. */
    private static final int HEADER = 5;

    private final AvroCodec codec;
    private final String registryUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Optional<SpecificDatumReader<Event>>> readers = new ConcurrentHashMap<>();

    EventDecoder(AvroCodec codec,
                 @ConfigProperty(name = "mp.messaging.connector.smallrye-kafka.apicurio.registry.url") String registryUrl) {
        this.codec = codec;
        this.registryUrl = registryUrl.replaceAll("/$", "");
    }

    /** Throws {@code PoisonRecordException} (from the codec) when the value is not an Event. */
    public Event decode(String topic, Headers headers, byte[] value) {
        if (value == null || value.length <= HEADER || value[0] != 0) {
            return codec.decode(topic, headers, value, Event.class);
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Optional<SpecificDatumReader<Event>> reader = readers.get(id);
        if (reader == null) {
            Event slow = codec.decode(topic, headers, value, Event.class);
            readers.put(id, verified(id, value, slow));
            return slow;
        }
        if (reader.isPresent()) {
            try {
                return reader.get().read(null, DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null));
            } catch (Exception e) {
                LOG.debugf("fast decode of schema %d failed (%s); using the codec", id, e.getMessage());
            }
        }
        return codec.decode(topic, headers, value, Event.class);
    }

    /** Named types the schema refers to (Apicurio artifact references), parsed first, depth first. */
    private void parseReferences(Schema.Parser parser, String path, int depth) throws Exception {
        if (depth > 8) {
            throw new IllegalStateException("schema references nest too deep");
        }
        for (JsonNode ref : Json.parse(get(path))) {
            String group = ref.path("groupId").isTextual() ? ref.path("groupId").asText() : "default";
            String artifact = "/groups/" + enc(group) + "/artifacts/"
                    + enc(ref.path("artifactId").asText()) + "/versions/" + enc(ref.path("version").asText());
            parseReferences(parser, artifact + "/references", depth + 1);
            parser.parse(get(artifact + "/content"));
        }
    }

    private String get(String path) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(registryUrl + path)).timeout(Duration.ofSeconds(5))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("registry answered " + response.statusCode() + " for " + path);
        }
        return response.body();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A reader for the writer schema {@code id}, if it decodes {@code value} to exactly what the codec did. */
    private Optional<SpecificDatumReader<Event>> verified(int id, byte[] value, Event expected) {
        try {
            Schema.Parser parser = new Schema.Parser();
            parseReferences(parser, "/ids/contentIds/" + id + "/references", 0);
            Schema writer = parser.parse(get("/ids/contentIds/" + id));
            var reader = new SpecificDatumReader<Event>(writer, Event.getClassSchema(), SpecificData.getForClass(Event.class));
            Event fast = reader.read(null, DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, null));
            if (!fast.equals(expected)) {
                LOG.infof("schema id %d: fast decode differs from the codec's; keeping the codec for it", id);
                return Optional.empty();
            }
            return Optional.of(reader);
        } catch (Exception e) {
            LOG.infof("schema id %d: no fast reader (%s); keeping the codec for it", id, e.getMessage());
            return Optional.empty();
        }
    }
}
