package com.nusomi.sdk;

import com.nusomi.sdk.model.Page;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy list over the API's pages ({@code {data, next_cursor, has_more}}): iterating fetches the next page when the
 * current one is used up, so a loop that stops early fetches no more than it read.
 * <pre>{@code
 * for (Session s : nusomi.sessions().list(SessionListFilter.workflow("process_invoice"))) { … }
 * long sealed = nusomi.sessions().list().stream().filter(Session::sealed).count();
 * }</pre>
 *
 * @param <T> item type
 */
public final class ListResult<T> implements Iterable<T> {
    private final Function<String, Page<T>> fetch;
    private final String firstCursor;

    ListResult(Function<String, Page<T>> fetch, String firstCursor) {
        this.fetch = fetch;
        this.firstCursor = firstCursor;
    }

    /** Each call starts again at the first page. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private Iterator<T> current = List.<T>of().iterator();
            private String cursor = firstCursor;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && more) {
                    Page<T> page = fetch.apply(cursor);
                    current = page.data() == null ? List.<T>of().iterator() : page.data().iterator();
                    more = page.hasMore() && page.nextCursor() != null;
                    cursor = page.nextCursor();
                }
                return current.hasNext();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** A sequential stream over every page, fetched as the stream is consumed. */
    public Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }

    /** Every item of every page. */
    public List<T> toList() {
        return stream().toList();
    }

    /** The same pages with each item mapped. */
    <R> ListResult<R> map(Function<? super T, ? extends R> mapper) {
        return new ListResult<>(cursor -> {
            Page<T> page = fetch.apply(cursor);
            List<R> items = page.data() == null ? List.of() : page.data().stream().<R>map(mapper).toList();
            return new Page<>(items, page.nextCursor(), page.hasMore());
        }, firstCursor);
    }

    /** Only the first page (with its cursor, to resume later). */
    public Page<T> firstPage() {
        return fetch.apply(firstCursor);
    }
}
