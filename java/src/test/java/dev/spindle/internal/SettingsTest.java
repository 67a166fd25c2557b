package dev.spindle.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.Settings.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The settings table is the one list of Spindle's system properties: the documents agree with it, and nothing else reads one. */
class SettingsTest {
    private static final Path JAVADOC = Path.of("src/main/java/dev/spindle/Spindle.java");
    private static final Path README = Path.of("../README.md");
    /** A row of the javadoc's table: {@code <tr><td>{@code name}</td><td>default</td>}. */
    private static final Pattern JAVADOC_ROW = Pattern.compile("<tr><td>\\{@code (dev\\.spindle\\.[\\w.]+)}</td><td>(.*?)</td>");
    /** A row of the README's table: {@code | `name` | default |}. */
    private static final Pattern README_ROW = Pattern.compile("(?m)^\\| `(dev\\.spindle\\.[\\w.]+)` \\| (.*?) \\|");
    /** A system property read by name, anywhere but in Settings. */
    private static final Pattern PROPERTY_READ =
            Pattern.compile("(getProperty|getInteger|getBoolean|getLong)\\(\\s*\"dev\\.spindle");

    @Test
    void theJavadocListsEverySettingWithItsDefault() throws IOException {
        assertListed(JAVADOC, JAVADOC_ROW, javadocRows());
    }

    @Test
    void theReadmeListsEverySettingWithItsDefault() throws IOException {
        assertListed(README, README_ROW, readmeRows());
    }

    @Test
    void noOtherClassReadsASpindleProperty() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<Path> readers = files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("internal/Settings.java"))
                    .filter(p -> PROPERTY_READ.matcher(read(p)).find()).toList();
            assertEquals(List.of(), readers, "these read dev.spindle.* properties themselves: make them settings");
        }
    }

    @Test
    void namesAreSpindlesAndUnique() {
        List<String> names = Settings.all().stream().map(Setting::name).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), names.toString());
        assertTrue(names.stream().allMatch(n -> n.startsWith("dev.spindle.")), names.toString());
    }

    @Test
    void valuesAreCheckedWithMessagesThatNameTheSetting() {
        Setting spins = new Setting("dev.spindle.test.spins", "64", true, "", null);
        assertEquals(64, spins.atLeast(0));
        assertEquals(3, new Setting("n", "64", true, "", "-3").atLeast(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Setting("dev.spindle.test.spins", "64", true, "", "many").atLeast(0));
        assertEquals("dev.spindle.test.spins must be a whole number, not 'many'", e.getMessage());
        assertEquals(7, new Setting("n", "processors", false, "", null).atLeast(1, 7));
        assertTrue(new Setting("b", "true", true, "", "TRUE").isTrue());
        assertThrows(IllegalArgumentException.class, () -> new Setting("b", "true", true, "", "yes").isTrue());
        assertEquals("park", new Setting("i", "spin", true, "", "park").oneOf("spin", "park"));
        e = assertThrows(IllegalArgumentException.class, () -> new Setting("i", "spin", true, "", "nap").oneOf("spin", "park"));
        assertEquals("i must be spin or park, not 'nap'", e.getMessage());
    }

    /** Fails unless the document's rows name exactly the table's settings, with its defaults; prints the rows it should have. */
    private static void assertListed(Path document, Pattern row, String expectedRows) throws IOException {
        Map<String, String> listed = new LinkedHashMap<>();
        Matcher m = row.matcher(Files.readString(document));
        while (m.find()) listed.put(m.group(1), plain(m.group(2)));
        Map<String, String> table = new LinkedHashMap<>();
        for (Setting s : Settings.all()) table.put(s.name(), s.defaultValue());
        assertEquals(table, listed, document + " lists other settings or defaults than dev.spindle.internal.Settings;"
                + " its rows should be:\n" + expectedRows);
    }

    /** A default as a document writes it, without code markup. */
    private static String plain(String cell) {
        return cell.replaceAll("\\{@code ([^}]*)}", "$1").replace("`", "").trim();
    }

    private static String javadocRows() {
        return Settings.all().stream().map(s -> " * <tr><td>{@code " + s.name() + "}</td><td>"
                + (s.literalDefault() ? "{@code " + s.defaultValue() + "}" : s.defaultValue()) + "</td>\n *     <td>"
                + s.meaning() + "</td></tr>").collect(Collectors.joining("\n"));
    }

    private static String readmeRows() {
        return Settings.all().stream().map(s -> "| `" + s.name() + "` | "
                + (s.literalDefault() ? "`" + s.defaultValue() + "`" : s.defaultValue()) + " | " + s.meaning() + " |")
                .collect(Collectors.joining("\n"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
