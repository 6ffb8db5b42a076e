package com.nusomi.shardwriter.format;

import com.nusomi.contracts.avro.ExportFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * WebDataset: a tar whose consecutive members {@code <key>.frame.webp}, {@code <key>.action.json} and
 * {@code <key>.json} form one sample (PyTorch {@code webdataset} groups members by the name up to the first dot, so
 * the key has none). Every header field that could vary (mtime, owner, mode) is fixed, so reruns are byte-identical.
 */
@ApplicationScoped
public class WebDatasetShardFormat implements ShardFormat {
    /** 2026-01-01T00:00:00Z: a fixed, whole-second mtime for every member. */
    static final Instant MTIME = Instant.parse("2026-01-01T00:00:00Z");
    private static final Pattern NOT_KEY_SAFE = Pattern.compile("[^A-Za-z0-9_-]");

    @Override
    public ExportFormat format() {
        return ExportFormat.webdataset;
    }

    @Override
    public String contentType() {
        return "application/x-tar";
    }

    @Override
    public RowSink open(OutputStream out, FrameImageBytes images) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return new RowSink() {
            private long ordinal;

            @Override
            public void write(ShardRow row) throws IOException {
                String key = key(row, ordinal++);
                if (row.hasFrame()) {
                    member(tar, key + ".frame.webp", images.of(row.frame()));
                }
                member(tar, key + ".action.json", RowJson.action(row.action()));
                member(tar, key + ".json", RowJson.row(row));
            }

            @Override
            public void close() throws IOException {
                tar.finish();
                tar.close();
            }
        };
    }

    /**
     * {@code <session_id>_<t_ms>_<row ordinal in the shard>}: unique in the shard (two events may share a t_ms),
     * sortable, and free of dots.
     */
    static String key(ShardRow row, long ordinal) {
        return NOT_KEY_SAFE.matcher(row.sessionId()).replaceAll("-") + "_%010d_%06d".formatted(row.tMs(), ordinal);
    }

    private static void member(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setModTime(MTIME.toEpochMilli());
        entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
        entry.setIds(0, 0);
        entry.setNames("", "");
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
