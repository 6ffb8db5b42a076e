package com.nusomi.shardwriter.format;

import com.nusomi.contracts.avro.ExportFormat;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Picks the {@link ShardFormat} of an export's format; a format without an implementation yields empty. */
@ApplicationScoped
public class ShardFormats {
    private final Map<ExportFormat, ShardFormat> byFormat = new EnumMap<>(ExportFormat.class);

    ShardFormats(Instance<ShardFormat> formats) {
        formats.forEach(f -> byFormat.put(f.format(), f));
    }

    public Optional<ShardFormat> forFormat(ExportFormat format) {
        return Optional.ofNullable(byFormat.get(format));
    }
}
