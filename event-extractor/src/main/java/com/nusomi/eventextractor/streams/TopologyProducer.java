package com.nusomi.eventextractor.streams;

import com.nusomi.contracts.avro.CaptureSignal;
import com.nusomi.contracts.avro.Event;
import com.nusomi.contracts.avro.FrameCaptured;
import com.nusomi.contracts.avro.SessionLifecycle;
import com.nusomi.eventextractor.anchoring.AnchoringTopology;
import com.nusomi.eventextractor.config.ExtractorConfig;
import com.nusomi.eventextractor.extraction.SignalExtractor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.streams.Topology;

/** Hands Quarkus the topology, wired with the registry serdes and the extraction rules in force. */
@ApplicationScoped
public class TopologyProducer {

    @Produces
    Topology topology(ExtractorConfig config, SignalExtractor extractor) {
        var registry = config.registryUrl();
        var serdes = new AnchoringTopology.AvroSerdes(
                RegistrySerdes.forValues(FrameCaptured.class, registry),
                RegistrySerdes.forValues(CaptureSignal.class, registry),
                RegistrySerdes.forValues(Event.class, registry),
                RegistrySerdes.forValues(SessionLifecycle.class, registry));
        return AnchoringTopology.build(serdes, extractor,
                new AnchoringTopology.Retention(config.closedSessionRetention(), config.closedSessionSweep()));
    }
}
