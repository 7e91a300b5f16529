package org.intformer.data;

import org.intformer.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSeriesReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static final String HEADER = "date,a,b\n";

    private static String row(int hour, String a, String b) {
        return String.format("2020-01-01 %02d:00:00,%s,%s%n", hour, a, b);
    }

    /** Reads and expects a UserError whose message is one line naming the file and containing every fragment. */
    private void assertError(Path file, String... fragments) {
        assertThatThrownBy(() -> new CsvSeriesReader().read(file))
                .isInstanceOf(UserError.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain("\n").contains(file.toString()).contains(fragments);
                });
    }

    @Test
    void readsColumnsTimestampsAndValues() throws IOException {
        Path p = write("ok.csv", HEADER + row(0, "1.5", "-2") + row(1, "3e2", " 4 "));
        TimeSeries s = new CsvSeriesReader().read(p);
        assertThat(s.source()).isEqualTo(p.toString());
        assertThat(s.columns()).containsExactly("a", "b");
        assertThat(s.timestamps()).containsExactly("2020-01-01 00:00:00", "2020-01-01 01:00:00");
        assertThat(s.values()[0]).containsExactly(1.5f, -2f);
        assertThat(s.values()[1]).containsExactly(300f, 4f);
    }

    @Test
    void contentInMemoryReadsAsTheFileDoes() throws IOException {
        Path p = write("ok.csv", "\uFEFF" + HEADER + row(0, "1.5", "-2") + row(1, "3e2", " 4 "));
        TimeSeries fromFile = new CsvSeriesReader().read(p, java.util.List.of("a"));
        TimeSeries fromBytes = new CsvSeriesReader().read(p.toString(), Files.readAllBytes(p), java.util.List.of("a"));
        assertThat(fromBytes.source()).isEqualTo(fromFile.source());
        assertThat(fromBytes.columns()).isEqualTo(fromFile.columns());
        assertThat(fromBytes.timestamps()).isEqualTo(fromFile.timestamps());
        assertThat(fromBytes.values()).isDeepEqualTo(fromFile.values());
        assertThatThrownBy(() -> new CsvSeriesReader().read("x.csv", new byte[] {'d', (byte) 0xff, '\n'}, java.util.List.of()))
                .isInstanceOf(UserError.class).hasMessage("x.csv: not a UTF-8 text file");
        assertThatThrownBy(() -> new CsvSeriesReader().read("x.csv", Files.readAllBytes(p), java.util.List.of("c")))
                .isInstanceOf(UserError.class).hasMessageStartingWith("x.csv");
    }

    @Test
    void timestampColumnMayBeAnywhereAndNamedOtherwise() throws IOException {
        Path p = write("t.csv", "a,time,b\n1,10,2\n3,11,4\n");
        TimeSeries s = new CsvSeriesReader("time").read(p);
        assertThat(s.columns()).containsExactly("a", "b");
        assertThat(s.column(1)).containsExactly(2f, 4f);
        assertThat(s.timestamps()).containsExactly("10", "11");
    }

    @Test
    void withoutTimestampColumnEveryColumnIsAFeature() throws IOException {
        Path p = write("n.csv", "a,b\n1,2\n3,4\n");
        TimeSeries s = new CsvSeriesReader(null).read(p);
        assertThat(s.columns()).containsExactly("a", "b");
        assertThat(s.timestamps()).isNull();
    }

    @Test
    void acceptsIsoTDatesAndPlainDates() throws IOException {
        Path t = write("iso.csv", "date,a\n2020-01-01T00:00:00,1\n2020-01-01T01:00:00,2\n");
        Path d = write("days.csv", "date,a\n2020-02-28,1\n2020-02-29,2\n2020-03-01,3\n");
        assertThat(new CsvSeriesReader().read(t).rows()).isEqualTo(2);
        assertThat(new CsvSeriesReader().read(d).rows()).isEqualTo(3);
    }

    @Test
    void byteOrderMarkAndCrLfAreHandled() throws IOException {
        Path p = write("bom.csv", "\uFEFFdate,a\r\n2020-01-01,1\r\n2020-01-02,x\r\n");
        assertError(p, "line 3", "column 'a'", "not a number: \"x\"");
    }

    @Test
    void blankLinesDoNotShiftLineNumbers() throws IOException {
        Path p = write("blank.csv", HEADER + row(0, "1", "2") + "\n\n" + row(1, "1", "oops"));
        assertError(p, "line 5", "column 'b'", "not a number: \"oops\"");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("nope.csv");
        assertError(p, "no such file");
    }

    @Test
    void directoryInsteadOfFile() {
        assertError(dir, "is a directory");
    }

    @Test
    void notUtf8() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, new byte[] {'d', 'a', 't', 'e', ',', (byte) 0xE9, '\n'});
        assertError(p, "not a UTF-8 text file");
    }

    @Test
    void emptyFile() throws IOException {
        assertError(write("empty.csv", ""), "empty file");
    }

    @Test
    void headerWithoutDataRows() throws IOException {
        assertError(write("header.csv", HEADER), "no data rows");
    }

    @Test
    void missingTimestampColumnListsAvailableColumns() throws IOException {
        Path p = write("nodate.csv", "time,a,b\n1,2,3\n");
        assertError(p, "line 1", "column 'date'", "available: time, a, b");
    }

    @Test
    void missingRequiredTargetColumn() throws IOException {
        Path p = write("target.csv", HEADER + row(0, "1", "2"));
        assertThatThrownBy(() -> new CsvSeriesReader().read(p, List.of("OT")))
                .isInstanceOf(UserError.class)
                .hasMessageContainingAll(p.toString(), "line 1", "column 'OT'", "available: a, b");
    }

    @Test
    void timestampColumnIsNotATarget() throws IOException {
        Path p = write("target2.csv", HEADER + row(0, "1", "2"));
        assertThatThrownBy(() -> new CsvSeriesReader().read(p, List.of("date")))
                .isInstanceOf(UserError.class)
                .hasMessageContainingAll(p.toString(), "line 1", "column 'date'", "timestamp column");
    }

    @Test
    void onlyATimestampColumn() throws IOException {
        assertError(write("only.csv", "date\n2020-01-01\n"), "line 1", "no feature columns");
    }

    @Test
    void duplicateColumnNames() throws IOException {
        Path p = write("dup.csv", "date,a,b,a\n2020-01-01,1,2,3\n");
        assertError(p, "line 1", "column 'a'", "duplicate", "columns 2 and 4");
    }

    @Test
    void emptyColumnName() throws IOException {
        assertError(write("noname.csv", "date,a,\n2020-01-01,1,2\n"), "line 1", "column 3 has an empty name");
    }

    @Test
    void nonNumericCell() throws IOException {
        Path p = write("abc.csv", HEADER + row(0, "1", "2") + row(1, "abc", "2"));
        assertError(p, "line 3", "column 'a'", "not a number: \"abc\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5f", "0x1p3", "1,5", "--1", "1e"})
    void javaOnlyOrBrokenNumberSpellingsAreRejected(String cell) throws IOException {
        Path p = write("spelling.csv", "date,a\n2020-01-01,\"" + cell + "\"\n");
        assertError(p, "line 2", "column 'a'", "not a number");
    }

    @Test
    void emptyCell() throws IOException {
        Path p = write("hole.csv", HEADER + row(0, "1", "2") + row(1, "1", "") + row(2, "1", "2"));
        assertError(p, "line 3", "column 'b'", "empty cell");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "nan", "inf", "-inf", "Infinity", "-Infinity"})
    void nanAndInfinityAreRejected(String cell) throws IOException {
        Path p = write("nan.csv", HEADER + row(0, "1", "2") + row(1, cell, "2"));
        assertError(p, "line 3", "column 'a'", "missing or infinite value \"" + cell + "\"");
    }

    @Test
    void valueBeyondFloatRange() throws IOException {
        Path p = write("big.csv", HEADER + row(0, "1", "1e999"));
        assertError(p, "line 2", "column 'b'", "outside the float range");
    }

    @Test
    void rowWithTooFewFields() throws IOException {
        Path p = write("short.csv", HEADER + row(0, "1", "2") + "2020-01-01 01:00:00,1\n");
        assertError(p, "line 3", "expected 3 fields", "found 2", "column 'b' missing");
    }

    @Test
    void rowWithTooManyFields() throws IOException {
        Path p = write("long.csv", HEADER + "2020-01-01 01:00:00,1,2,3\n");
        assertError(p, "line 2", "expected 3 fields", "found 4", "after column 'b'");
    }

    @Test
    void repeatedTimestamp() throws IOException {
        Path p = write("repeat.csv", HEADER + row(0, "1", "2") + row(1, "1", "2") + row(1, "1", "2"));
        assertError(p, "line 4", "column 'date'", "is not after", "line 3");
    }

    @Test
    void decreasingTimestamp() throws IOException {
        Path p = write("back.csv", HEADER + row(5, "1", "2") + row(4, "1", "2"));
        assertError(p, "line 3", "column 'date'", "\"2020-01-01 04:00:00\" is not after \"2020-01-01 05:00:00\"");
    }

    @Test
    void decreasingNumericTimestamp() throws IOException {
        Path p = write("num.csv", "date,a\n1,1\n2.5,1\n2,1\n");
        assertError(p, "line 4", "column 'date'", "is not after");
    }

    @Test
    void unreadableTimestamp() throws IOException {
        Path p = write("when.csv", "date,a\n01/02/2020,1\n");
        assertError(p, "line 2", "column 'date'", "unreadable timestamp \"01/02/2020\"");
    }

    @Test
    void impossibleDate() throws IOException {
        Path p = write("feb.csv", "date,a\n2021-02-28 00:00:00,1\n2021-02-30 00:00:00,1\n");
        assertError(p, "line 3", "column 'date'", "unreadable timestamp \"2021-02-30 00:00:00\"", "line 2");
    }

    @Test
    void timestampNotationMustNotChange() throws IOException {
        Path p = write("mixed.csv", "date,a\n2020-01-01 00:00:00,1\n2020-01-02,1\n");
        assertError(p, "line 3", "column 'date'", "unreadable timestamp", "yyyy-MM-dd HH:mm:ss");
    }

    @Test
    void emptyTimestamp() throws IOException {
        Path p = write("nostamp.csv", "date,a\n2020-01-01,1\n,1\n");
        assertError(p, "line 3", "column 'date'", "empty timestamp");
    }

    @Test
    void malformedQuoting() throws IOException {
        Path p = write("quote.csv", "date,a\n2020-01-01,\"1\"x\n");
        assertError(p, "malformed CSV");
    }

    @Test
    void seventeenThousandRowsReadQuickly() throws IOException {
        StringBuilder sb = new StringBuilder("date,HUFL,HULL,MUFL,MULL,LUFL,LULL,OT\n");
        java.time.LocalDateTime t = java.time.LocalDateTime.of(2016, 7, 1, 0, 0);
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        for (int r = 0; r < 17_420; r++) {
            sb.append(f.format(t.plusHours(r)));
            for (int c = 0; c < 7; c++) {
                sb.append(',').append(5.827000141143799 + r * 0.001 + c);
            }
            sb.append('\n');
        }
        Path p = write("big.csv", sb.toString());
        new CsvSeriesReader().read(p);   // warm-up: the bound is about the code, not the JIT
        long t0 = System.nanoTime();
        TimeSeries s = new CsvSeriesReader().read(p);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(s.rows()).isEqualTo(17_420);
        // Generous against a loaded shared machine; warm reads take about 40 ms.
        assertThat(ms).isLessThan(1000);
    }
}
