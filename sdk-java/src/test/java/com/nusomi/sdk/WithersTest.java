package com.nusomi.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nusomi.sdk.model.Actor;
import com.nusomi.sdk.model.EventType;
import com.nusomi.sdk.model.ExportFilter;
import com.nusomi.sdk.model.SessionCreate;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The options records' {@code withX} methods each restate the whole constructor; this pins that every one of them
 * changes its own component and keeps all the others (a swapped argument, e.g. {@code since}/{@code until}, would
 * compile and silently change a query). Withers named for a component are found by reflection, so a new one is
 * checked without being listed here; the two that are not ({@code withTMsRange}, {@code withPageSize}) are listed.
 */
class WithersTest {
    private static final ListOptions PAGING = new ListOptions(7, "cur_1");
    private static final Set<String> NOT_NAMED_FOR_A_COMPONENT = Set.of("withTMsRange", "withPageSize");

    static Stream<Record> options() {
        return Stream.of(
                new SessionListFilter("wf", "sealed", "success", "human", "tg", "2026-01-01", "2026-02-01", PAGING),
                new ExportListFilter("wf", "running", "tg", PAGING),
                new EventQuery(List.of(EventType.CLICK), 10L, 20L, "frm_1", 0.5, false, "desc", PAGING),
                new StreamOptions(List.of(EventType.CLICK), 0.5, 10L, "evt_1", false, 4, Duration.ofSeconds(9)),
                new ExportFilter("success", "30d", "2026-02-01", "human", 1L, 2L, "tg", "pth_1", List.of("ses_1"), 0.5),
                new SessionCreate("wf", Actor.human("alice"), "web", Map.of("k", "v"),
                        List.of(new SessionCreate.TagInput("t", null))));
    }

    @ParameterizedTest
    @MethodSource("options")
    void everyWitherSetsItsComponentAndKeepsTheOthers(Record base) throws Exception {
        var checked = new TreeSet<String>();
        for (RecordComponent component : base.getClass().getRecordComponents()) {
            String name = component.getName();
            Method wither = wither(base, "with" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            if (wither != null) {
                Object value = another(wither.getParameterTypes()[0], value(component, base));
                assertOnly(base, (Record) wither.invoke(base, value), Map.of(name, value));
                checked.add(wither.getName());
            }
        }
        var all = new TreeSet<String>();
        Arrays.stream(base.getClass().getMethods()).map(Method::getName).filter(n -> n.startsWith("with")).forEach(all::add);
        all.removeAll(NOT_NAMED_FOR_A_COMPONENT);
        assertEquals(all, checked, "every wither is named for the component it sets");
    }

    @ParameterizedTest
    @MethodSource("options")
    void withPageSizeKeepsTheCursorAndEverythingElse(Record base) throws Exception {
        Method wither = wither(base, "withPageSize");
        if (wither != null) {
            assertOnly(base, (Record) wither.invoke(base, 3), Map.of("paging", new ListOptions(3, "cur_1")));
        }
    }

    @ParameterizedTest
    @MethodSource("options")
    void withTMsRangeSetsBothBounds(Record base) {
        if (base instanceof EventQuery query) {
            assertOnly(query, query.withTMsRange(1L, 2L), Map.of("tMsGte", 1L, "tMsLte", 2L));
        }
    }

    private static Method wither(Record base, String name) {
        return Arrays.stream(base.getClass().getMethods())
                .filter(m -> m.getName().equals(name) && m.getParameterCount() == 1).findFirst().orElse(null);
    }

    /** A value of {@code type} other than {@code current}. */
    private static Object another(Class<?> type, Object current) {
        if (type == boolean.class) {
            return !(Boolean) current;
        }
        if (type == int.class) {
            return (Integer) current + 1;
        }
        Object value = type == String.class ? "x"
                : type == long.class || type == Long.class ? 12_345L
                : type == double.class || type == Double.class ? 0.25
                : type == List.class ? List.of()
                : type == Map.class ? Map.of("a", 1)
                : type == Duration.class ? Duration.ofSeconds(1)
                : type == Actor.class ? Actor.script()
                : null;
        if (value == null || value.equals(current)) {
            throw new AssertionError("no other sample value of " + type + " here: add one");
        }
        return value;
    }

    /** {@code after} has the {@code changed} values and every other component of {@code before}. */
    private static void assertOnly(Record before, Record after, Map<String, Object> changed) {
        var expected = new HashMap<String, Object>();
        var actual = new HashMap<String, Object>();
        for (RecordComponent component : before.getClass().getRecordComponents()) {
            String name = component.getName();
            expected.put(name, changed.containsKey(name) ? changed.get(name) : value(component, before));
            actual.put(name, value(component, after));
        }
        assertEquals(expected, actual, before.getClass().getSimpleName());
    }

    private static Object value(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(component.getName(), e);
        }
    }
}
