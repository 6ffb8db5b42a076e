package com.nusomi.captureingest.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartParserTest {
    private static final String BOUNDARY = "b0undary-x";

    /** A part as the parser reported it. */
    record Part(String name, String fileName, String contentType, byte[] content) {}

    /** Collects the parser's events. */
    static final class Collector implements MultipartParser.Listener {
        final List<Part> parts = new ArrayList<>();
        private String name;
        private String fileName;
        private String contentType;
        private ByteArrayOutputStream content;

        @Override
        public void partStarted(String name, String fileName, String contentType) {
            this.name = name;
            this.fileName = fileName;
            this.contentType = contentType;
            this.content = new ByteArrayOutputStream();
        }

        @Override
        public void content(byte[] bytes, int offset, int length) {
            content.write(bytes, offset, length);
        }

        @Override
        public void partEnded() {
            parts.add(new Part(name, fileName, contentType, content.toByteArray()));
        }
    }

    private static byte[] body(byte[] image) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(("preamble\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n"
                + "{\"frames\":[]}\r\n--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"img;0\"; filename=\"a \\\"b\\\".webp\"\r\nContent-Type: image/webp\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n"
                + "\r\n--" + BOUNDARY + "--\r\nepilogue").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void check(Collector c, byte[] image) {
        assertEquals(3, c.parts.size());
        assertEquals("metadata", c.parts.get(0).name());
        assertNull(c.parts.get(0).fileName());
        assertEquals("application/json", c.parts.get(0).contentType());
        assertEquals("{\"frames\":[]}", new String(c.parts.get(0).content(), StandardCharsets.UTF_8));
        assertEquals("img;0", c.parts.get(1).name());
        assertEquals("a \"b\".webp", c.parts.get(1).fileName());
        assertArrayEquals(image, c.parts.get(1).content());
        assertEquals(0, c.parts.get(2).content().length);
    }

    @Test
    void partsAreReportedWhateverTheChunksAndContentThatLooksLikeABoundaryIsContent() {
        byte[] image = new byte[3000];
        new Random(3).nextBytes(image);
        byte[] almost = ("\r\n--" + BOUNDARY.substring(0, 5)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(almost, 0, image, 1000, almost.length); // a delimiter prefix inside the image
        byte[] body = body(image);
        for (int split = 0; split <= body.length; split += 7) {
            Collector c = new Collector();
            MultipartParser parser = new MultipartParser(BOUNDARY, c);
            parser.feed(Arrays.copyOfRange(body, 0, split));
            parser.feed(Arrays.copyOfRange(body, split, body.length));
            parser.finish();
            check(c, image);
        }
        Collector c = new Collector();
        MultipartParser parser = new MultipartParser(BOUNDARY, c);
        for (byte b : body) {
            parser.feed(new byte[] {b});
        }
        assertTrue(parser.complete());
        check(c, image);
    }

    @Test
    void aBodyWithoutItsClosingBoundaryOrWithoutAnyIsMalformed() {
        byte[] body = body(new byte[10]);
        MultipartParser cut = new MultipartParser(BOUNDARY, new Collector());
        cut.feed(Arrays.copyOf(body, body.length - 30));
        assertThrows(MultipartParser.MalformedException.class, cut::finish);

        MultipartParser other = new MultipartParser("another", new Collector());
        other.feed(body);
        assertThrows(MultipartParser.MalformedException.class, other::finish);
    }

    @Test
    void theBoundaryComesFromAMultipartFormDataContentType() {
        assertEquals("abc", MultipartParser.boundaryOf("multipart/form-data; boundary=abc"));
        assertEquals("a b", MultipartParser.boundaryOf("Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b\""));
        assertNull(MultipartParser.boundaryOf("multipart/mixed; boundary=abc"));
        assertNull(MultipartParser.boundaryOf("multipart/form-data"));
        assertNull(MultipartParser.boundaryOf(null));
    }
}
