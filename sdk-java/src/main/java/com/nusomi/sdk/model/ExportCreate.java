package com.nusomi.sdk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/exports} (SPEC §6). Build it with {@link #builder()}.
 *
 * @param workflow       a slug (String) or a list of slugs
 * @param filter         which sealed sessions, or null for all
 * @param format         parquet (default), webdataset, jsonl, arrow
 * @param frameSampling  which frames become rows, or null for event_only
 * @param destination    where it goes
 * @param tag            version tag (list exports by it), or null
 * @param shardSizeBytes target shard size, or null for 256 MiB
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExportCreate(Object workflow, ExportFilter filter, String format, FrameSampling frameSampling,
                           Destination destination, String tag, Long shardSizeBytes) {

    public ExportCreate {
        Objects.requireNonNull(workflow, "workflow");
        Objects.requireNonNull(destination, "destination");
    }

    /** A builder; {@code workflow} and {@code destination} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link ExportCreate}. */
    public static final class Builder {
        private Object workflow;
        private ExportFilter filter;
        private String format;
        private FrameSampling frameSampling;
        private Destination destination;
        private String tag;
        private Long shardSizeBytes;

        private Builder() {}

        public Builder workflow(String slug) {
            this.workflow = slug;
            return this;
        }

        public Builder workflows(List<String> slugs) {
            this.workflow = List.copyOf(slugs);
            return this;
        }

        public Builder filter(ExportFilter filter) {
            this.filter = filter;
            return this;
        }

        public Builder format(String format) {
            this.format = format;
            return this;
        }

        public Builder frameSampling(FrameSampling frameSampling) {
            this.frameSampling = frameSampling;
            return this;
        }

        public Builder destination(Destination destination) {
            this.destination = destination;
            return this;
        }

        public Builder tag(String tag) {
            this.tag = tag;
            return this;
        }

        public Builder shardSizeBytes(long shardSizeBytes) {
            this.shardSizeBytes = shardSizeBytes;
            return this;
        }

        public ExportCreate build() {
            return new ExportCreate(workflow, filter, format, frameSampling, destination, tag, shardSizeBytes);
        }
    }
}
