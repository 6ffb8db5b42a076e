package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.sdk.StubServer.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Lists page lazily over {data, next_cursor, has_more}, 100 a page unless told otherwise. */
class PagingTest {

    private static String page(int from, int to, String next) {
        String items = IntStream.range(from, to)
                .mapToObj(i -> "{\"slug\":\"wf_%03d\",\"session_count\":%d,\"last_session_at\":null}".formatted(i, i))
                .collect(Collectors.joining(","));
        return "{\"data\":[" + items + "],\"next_cursor\":" + (next == null ? "null" : "\"" + next + "\"")
                + ",\"has_more\":" + (next != null) + "}";
    }

    @Test
    void iteratingFollowsTheCursorsThroughEveryPage() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/workflows", Reply.custom(exchange -> {
                String q = exchange.getRequestURI().getQuery();
                String body = q.contains("cursor=c2") ? page(200, 250, null)
                        : q.contains("cursor=c1") ? page(100, 200, "c2") : page(0, 100, "c1");
                byte[] bytes = body.getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            }));
            var slugs = new ArrayList<String>();
            stub.client(new ArrayList<>()).workflows().list().forEach(w -> slugs.add(w.slug()));

            assertEquals(250, slugs.size());
            assertEquals("wf_000", slugs.get(0));
            assertEquals("wf_249", slugs.get(249));
            List<String> queries = stub.requests("GET", "/v1/workflows").stream().map(StubServer.Received::query).toList();
            assertEquals(List.of("limit=100", "limit=100&cursor=c1", "limit=100&cursor=c2"), queries);
        }
    }

    @Test
    void aStreamThatStopsEarlyFetchesOnlyWhatItRead() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/workflows", Reply.json(200, page(0, 100, "c1")));
            var first = stub.client(new ArrayList<>()).workflows().list().stream().limit(5).toList();

            assertEquals(5, first.size());
            assertEquals(1, stub.requests("GET", "/v1/workflows").size());
        }
    }

    @Test
    void pageSizeAndFiltersGoIntoTheQuery() throws Exception {
        try (var stub = new StubServer()) {
            stub.on("GET /v1/sessions", Reply.json(200, "{\"data\":[" + StubServer.SESSION + "],\"next_cursor\":null,\"has_more\":false}"));
            var sessions = stub.client(new ArrayList<>()).sessions()
                    .list(SessionListFilter.workflow("process_invoice").withActorKind("human").withPageSize(7)).toList();

            assertEquals(1, sessions.size());
            assertEquals("process_invoice", sessions.get(0).workflow());
            assertEquals("workflow=process_invoice&actor.kind=human&limit=7",
                    stub.requests("GET", "/v1/sessions").get(0).query());
        }
    }
}
