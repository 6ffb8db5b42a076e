package com.nusomi.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WHATWG event-stream interpretation: fields, comments, multi-line data, CRLF/CR/LF, dispatch on a blank line. */
class SseParserTest {

    private static List<SseParser.Item> parse(String text) throws Exception {
        var parser = new SseParser();
        var items = new ArrayList<SseParser.Item>();
        var reader = new BufferedReader(new StringReader(text));
        for (String line; (line = reader.readLine()) != null; ) {
            SseParser.Item item = parser.line(line);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    @Test
    void fieldsCommentsAndLineEndings() throws Exception {
        var items = parse(": keepalive\r\nid: evt_1\r\nevent: click\r\ndata: {\"a\":1}\r\n\r\n"
                + "data:line one\rdata: line two\r\rretry: 2500\nid:evt_2\nevent:end\n\n: dropped 4\n");
        assertEquals(new SseParser.Comment("keepalive"), items.get(0));
        assertEquals(new SseParser.Message("evt_1", "click", "{\"a\":1}", null), items.get(1));
        assertEquals(new SseParser.Message(null, "message", "line one\nline two", null), items.get(2));
        assertEquals(new SseParser.Message("evt_2", "end", "", 2500L), items.get(3));
        assertEquals(new SseParser.Comment("dropped 4"), items.get(4));
        assertEquals(5, items.size());
    }

    @Test
    void aBlankLineWithoutFieldsDispatchesNothing() {
        var parser = new SseParser();
        assertNull(parser.line(""));
        assertNull(parser.line("id: only-an-id"));
        assertNull(parser.line(""), "an id alone is no message");
    }
}
