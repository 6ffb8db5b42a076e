package com.nusomi.shardwriter.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nusomi.contracts.avro.ExportFormat;
import com.nusomi.shardwriter.config.ShardWriterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow IPC file format (Polars, HF datasets): the Parquet layout ({@link ParquetShardFormat#SCHEMA}) as Arrow
 * struct columns, written in record batches cut by rows and bytes so memory (off-heap) stays bounded. Unused value
 * slots are zeroed before each batch so the bytes depend on the rows only.
 */
@ApplicationScoped
public class ArrowShardFormat implements ShardFormat {
    static final Schema SCHEMA = new Schema(List.of(
            new Field("session_id", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
            new Field("t_ms", FieldType.notNullable(new ArrowType.Int(64, true)), null),
            struct("frame", true,
                    utf8("image_url"),
                    struct("viewport", true, leaf("w", new ArrowType.Int(32, true)), leaf("h", new ArrowType.Int(32, true)),
                            leaf("scale", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))),
                    utf8("dom"),
                    utf8("accessibility_tree")),
            action("action"),
            struct("context", false, utf8("workflow"), action("prior_action"), utf8("outcome"))));

    private final int batchRows;
    private final long batchBytes;

    ArrowShardFormat(ShardWriterConfig config) {
        this.batchRows = Math.max(1, config.arrowBatchRows());
        this.batchBytes = Math.max(1, config.arrowBatchBytes());
    }

    @Override
    public ExportFormat format() {
        return ExportFormat.arrow;
    }

    @Override
    public String contentType() {
        return "application/vnd.apache.arrow.file";
    }

    @Override
    public RowSink open(OutputStream out, FrameImageBytes images) throws IOException {
        BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, Channels.newChannel(new NonClosingOutputStream(out)));
        writer.start();
        Columns columns = new Columns(root);
        columns.reset();
        return new RowSink() {
            private int rows;
            private long bytes;

            @Override
            public void write(ShardRow row) throws IOException {
                bytes += columns.set(rows++, row);
                if (rows >= batchRows || bytes >= batchBytes) {
                    flush();
                }
            }

            private void flush() throws IOException {
                root.setRowCount(rows);
                writer.writeBatch();
                rows = 0;
                bytes = 0;
                columns.reset();
            }

            @Override
            public void close() throws IOException {
                try (allocator; root; writer) {
                    if (rows > 0) {
                        flush();
                    }
                    writer.end();
                }
            }
        };
    }

    private static Field leaf(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    private static Field utf8(String name) {
        return leaf(name, ArrowType.Utf8.INSTANCE);
    }

    private static Field struct(String name, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(children));
    }

    private static Field action(String name) {
        return struct(name, true,
                utf8("type"),
                struct("target", true, utf8("role"), utf8("name"), utf8("selector")),
                leaf("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                leaf("y", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                utf8("payload"));
    }

    /** The vectors of one record batch, filled row by row; {@link #set} returns the bytes a row added. */
    private static final class Columns {
        private final VectorSchemaRoot root;
        private final VarCharVector sessionId;
        private final BigIntVector tMs;
        private final StructVector frame;
        private final VarCharVector imageUrl;
        private final StructVector viewport;
        private final IntVector width;
        private final IntVector height;
        private final Float8Vector scale;
        private final VarCharVector dom;
        private final VarCharVector accessibilityTree;
        private final ActionColumns action;
        private final StructVector context;
        private final VarCharVector workflow;
        private final ActionColumns priorAction;
        private final VarCharVector outcome;

        Columns(VectorSchemaRoot root) {
            this.root = root;
            sessionId = (VarCharVector) root.getVector("session_id");
            tMs = (BigIntVector) root.getVector("t_ms");
            frame = (StructVector) root.getVector("frame");
            imageUrl = frame.getChild("image_url", VarCharVector.class);
            viewport = frame.getChild("viewport", StructVector.class);
            width = viewport.getChild("w", IntVector.class);
            height = viewport.getChild("h", IntVector.class);
            scale = viewport.getChild("scale", Float8Vector.class);
            dom = frame.getChild("dom", VarCharVector.class);
            accessibilityTree = frame.getChild("accessibility_tree", VarCharVector.class);
            action = new ActionColumns((StructVector) root.getVector("action"));
            context = (StructVector) root.getVector("context");
            workflow = context.getChild("workflow", VarCharVector.class);
            priorAction = new ActionColumns(context.getChild("prior_action", StructVector.class));
            outcome = context.getChild("outcome", VarCharVector.class);
        }

        /** Fresh buffers for the next batch, fixed-width slots zeroed (allocation does not clear memory). */
        void reset() {
            root.allocateNew();
            zero(root.getFieldVectors());
        }

        private static void zero(List<FieldVector> vectors) {
            for (FieldVector v : vectors) {
                if (v instanceof BaseFixedWidthVector fixed) {
                    fixed.zeroVector();
                }
                zero(v.getChildrenFromFields());
            }
        }

        long set(int i, ShardRow row) {
            long bytes = 16 + string(sessionId, i, row.sessionId());
            tMs.setSafe(i, row.tMs());
            ShardRow.Frame f = row.frame();
            if (f == null) {
                frame.setNull(i);
            } else {
                frame.setIndexDefined(i);
                bytes += string(imageUrl, i, f.imageUrl());
                if (f.viewport() != null && f.viewport().isObject()) {
                    viewport.setIndexDefined(i);
                    Integer w = ColumnValues.viewportInt(f.viewport(), "w");
                    Integer h = ColumnValues.viewportInt(f.viewport(), "h");
                    Double s = ColumnValues.viewportDouble(f.viewport(), "scale");
                    if (w != null) {
                        width.setSafe(i, w);
                    }
                    if (h != null) {
                        height.setSafe(i, h);
                    }
                    if (s != null) {
                        scale.setSafe(i, s);
                    }
                } else {
                    viewport.setNull(i);
                }
                bytes += string(dom, i, RowJson.text(f.dom()));
                bytes += string(accessibilityTree, i, RowJson.text(f.accessibilityTree()));
            }
            bytes += action.set(i, row.action());
            context.setIndexDefined(i);
            bytes += string(workflow, i, row.context().workflow());
            bytes += priorAction.set(i, row.context().priorAction());
            bytes += string(outcome, i, row.context().outcome());
            return bytes;
        }
    }

    private static final class ActionColumns {
        private final StructVector action;
        private final VarCharVector type;
        private final StructVector target;
        private final VarCharVector role;
        private final VarCharVector name;
        private final VarCharVector selector;
        private final Float8Vector x;
        private final Float8Vector y;
        private final VarCharVector payload;

        ActionColumns(StructVector action) {
            this.action = action;
            type = action.getChild("type", VarCharVector.class);
            target = action.getChild("target", StructVector.class);
            role = target.getChild("role", VarCharVector.class);
            name = target.getChild("name", VarCharVector.class);
            selector = target.getChild("selector", VarCharVector.class);
            x = action.getChild("x", Float8Vector.class);
            y = action.getChild("y", Float8Vector.class);
            payload = action.getChild("payload", VarCharVector.class);
        }

        long set(int i, ShardRow.Action a) {
            if (a == null) {
                action.setNull(i);
                return 0;
            }
            action.setIndexDefined(i);
            long bytes = string(type, i, a.type());
            ObjectNode t = ColumnValues.target(a);
            if (t == null) {
                target.setNull(i);
            } else {
                target.setIndexDefined(i);
                bytes += string(role, i, ColumnValues.targetField(t, "role"));
                bytes += string(name, i, ColumnValues.targetField(t, "name"));
                bytes += string(selector, i, ColumnValues.targetField(t, "selector"));
            }
            Double vx = ColumnValues.coordinate(a, "x");
            Double vy = ColumnValues.coordinate(a, "y");
            if (vx != null) {
                x.setSafe(i, vx);
            }
            if (vy != null) {
                y.setSafe(i, vy);
            }
            return bytes + string(payload, i, ColumnValues.payload(a));
        }
    }

    private static long string(VarCharVector vector, int i, String value) {
        if (value == null) {
            return 0;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        vector.setSafe(i, bytes);
        return bytes.length;
    }
}
