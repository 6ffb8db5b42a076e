package com.nusomi.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.nusomi.sdk.internal.Json;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Human tables by default, JSON with {@code --json}. */
final class Output {
    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** One value: pretty JSON, or {@code field: value} lines. */
    <T> void value(T value, List<Column<T>> fields) {
        if (json) {
            out.println(pretty(value));
            return;
        }
        int width = fields.stream().mapToInt(f -> f.header().length()).max().orElse(0);
        for (Column<T> f : fields) {
            out.println(pad(f.header().toLowerCase(), width) + "  " + f.cell(value));
        }
    }

    /** A list: a JSON array, or a table with a header row. */
    <T> void table(List<T> rows, List<Column<T>> columns) {
        if (json) {
            out.println(pretty(rows));
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (T row : rows) {
            cells.add(columns.stream().map(c -> c.cell(row)).toArray(String[]::new));
        }
        int[] widths = new int[columns.size()];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                sb.append(i == line.length - 1 ? line[i] : pad(line[i], widths[i] + 2));
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /** One line of JSON (a stream of events). */
    void line(Object value) {
        out.println(compact(value));
        out.flush();
    }

    static String compact(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pretty(Object value) {
        try {
            return Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /**
     * A column of a table (or a field of a value).
     *
     * @param header its title
     * @param value  reads it from a row
     * @param <T>    row type
     */
    record Column<T>(String header, Function<T, Object> value) {
        @SuppressWarnings("unchecked")
        String cell(Object row) {
            Object v = value.apply((T) row);
            return v == null ? "-" : v.toString();
        }
    }

    static <T> Column<T> col(String header, Function<T, Object> value) {
        return new Column<>(header, value);
    }
}
