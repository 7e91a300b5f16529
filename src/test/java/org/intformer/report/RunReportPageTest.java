package org.intformer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportPageTest {

    private static final Pattern DATA_URI = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");

    @TempDir
    Path dir;

    @Test
    void writesEveryPlotAsFileAndAsDataUri() throws IOException {
        List<String> files = RunReportPage.write(dir, ReportFixtures.runReport());

        assertThat(files).containsExactly("plots/forecast.png", "plots/error-per-step.png",
                "plots/accuracy-per-bits.png", "plots/resources.png", "plots/latency-energy.png");
        String html = Files.readString(dir.resolve("report.html"));
        List<byte[]> embedded = dataUris(html);
        assertThat(embedded).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            byte[] onDisk = Files.readAllBytes(dir.resolve(files.get(i)));
            assertThat(embedded.get(i)).as(files.get(i)).isEqualTo(onDisk);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(onDisk));
            assertThat(image).as(files.get(i)).isNotNull();
            assertThat(image.getWidth()).isEqualTo(800);
            assertThat(image.getHeight()).isEqualTo(files.get(i).endsWith("forecast.png") ? 700 : 450);
            assertThat(html).contains("(" + files.get(i) + ")");
        }
    }

    @Test
    void pageShowsTablesWithSensibleNumbers() throws IOException {
        RunReportPage.write(dir, ReportFixtures.runReport());
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script");
        // the header names the data file; the full path stays in the configuration table
        assertThat(html).contains("<p>Data: ETTh1.csv</p>");
        assertThat(html).contains("<h2>Accuracy</h2>", "<h2>Hardware</h2>", "<h3>xc7s15</h3>", "<h3>ice40up5k</h3>",
                "<h2>Stages</h2>", "<h2>Figures</h2>", "<h2>Configuration</h2>");
        // metrics: 4 significant digits, the best test MSE marked
        assertThat(html).contains("<td class=\"num best\">0.2030</td>");
        // measured values keep their precision even when whole: an RMSE of 3.0 is not the count 3
        assertThat(html).contains("<td class=\"num\">3.000</td>");
        // hardware: counts with separators, utilisation against the limit, bram18 folded into bram36 (1 + 16/2)
        assertThat(html).contains("5,470 / 8,000<small>68.4 %\nmodel -1.3 %</small>", "9 / 10<small>90.0 %</small>",
                "5,630 / 5,280<small>106.6 %</small>", "143.3", "fmax 15.9", "9,816");
        assertThat(html).contains("verilator 0/100\nicarus 0/100", "verilator 2/100");
        // the critical path, its ends, and whether it is an estimate (XC7S15) or routed (iCE40)
        assertThat(html).contains("6.18 ns (logic 3.09) est.", "est. fmax 161.8", "rq_main.s3 →\nrq_main.t0.D",
                "62.89 ns (logic 20.50)<small>sm_a →\nspm1.0.0_RAM.ADDRESS_0</small>");
        // (outside the base64 images, which may spell anything)
        assertThat(DATA_URI.matcher(html).replaceAll("")).doesNotContain("NaN", "Infinity", "null</td>");
        assertThat(html).contains("<h2>Integer models</h2>", "<td class=\"num\">99.98 %</td>", "<th class=\"num\">MACs</th>");
        assertThat(html).contains("<td>pipeline.targets</td><td>[xc7s15, ice40up5k]</td>");
    }

    @Test
    void escapesHostileStringsEverywhere() throws IOException {
        Map<String, Object> report = ReportFixtures.runReport();
        @SuppressWarnings("unchecked")
        Map<String, Object> variant = (Map<String, Object>) ((List<Object>) report.get("variants")).get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> hardware = (Map<String, Object>) variant.get("hardware");
        hardware.put("<script>alert(1)</script>", hardware.get("xc7s15"));
        variant.put("name", "\"><img src=x onerror=alert(1)>");
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) report.get("config");
        config.put("data", "a&b<i>.csv");
        config.put("note", "</td></tr></table><script>x</script>");

        RunReportPage.write(dir, report);
        String html = Files.readString(dir.resolve("report.html"));

        assertThat(html).doesNotContain("<script", "<img src=x", "<i>", "</table><script");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&quot;&gt;&lt;img src=x",
                "a&amp;b&lt;i&gt;.csv");
    }

    @Test
    void missingOptionalSectionsAreSkipped() throws IOException {
        Map<String, Object> report = ReportFixtures.runReport();
        report.remove("forecasts");
        report.remove("per_step");
        report.remove("stages");
        report.put("data", "not a map");
        List<String> files = RunReportPage.write(dir, report);

        assertThat(files).containsExactly("plots/accuracy-per-bits.png", "plots/resources.png",
                "plots/latency-energy.png");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).doesNotContain("<h2>Stages</h2>", "<h2>Data</h2>");
        assertThat(dataUris(html)).hasSize(3);
    }

    @Test
    void emptyAndSparseReportsDoNotThrow() throws IOException {
        assertThat(RunReportPage.write(dir.resolve("empty"), Map.of())).isEmpty();
        assertThat(Files.readString(dir.resolve("empty/report.html"))).contains("built-in synthetic");

        Map<String, Object> sparse = ReportFixtures.map("config", ReportFixtures.map("data", null, "horizon", 1),
                "per_step", ReportFixtures.map("naive", List.of(0.5), "float", List.of(0.3)),
                "variants", List.of(ReportFixtures.map("bits", 8, "hardware", ReportFixtures.map("x", "junk",
                        "y", ReportFixtures.map("latency_us", 5, "resources", ReportFixtures.map("lut", 10))))),
                "forecasts", ReportFixtures.map("windows", List.of(ReportFixtures.map("history", List.of(1, "x", 3)))),
                "stages", List.of(ReportFixtures.map("name", "train")));
        assertThatCode(() -> RunReportPage.write(dir.resolve("sparse"), sparse)).doesNotThrowAnyException();
        assertThat(Files.readString(dir.resolve("sparse/report.html"))).contains("built-in synthetic");
        // horizon 1: the per-step error is drawn as bars and still a full-size image
        BufferedImage bars = ImageIO.read(dir.resolve("sparse/plots/error-per-step.png").toFile());
        assertThat(bars.getWidth()).isEqualTo(800);
    }

    @Test
    void writesAtomicallyAndRemovesStalePlots() throws IOException {
        RunReportPage.write(dir, ReportFixtures.runReport());
        Map<String, Object> withoutForecasts = ReportFixtures.runReport();
        withoutForecasts.remove("forecasts");
        RunReportPage.write(dir, withoutForecasts);

        assertThat(dir.resolve("plots/forecast.png")).doesNotExist();
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void twoWritesGiveIdenticalBytes() throws IOException {
        List<String> files = RunReportPage.write(dir.resolve("a"), ReportFixtures.runReport());
        RunReportPage.write(dir.resolve("b"), ReportFixtures.runReport());

        List<String> all = new ArrayList<>(files);
        all.add("report.html");
        for (String file : all) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }

    /** Renders the fixture pages into DIR for a look in a browser (not a test: run it with the test classpath). */
    public static void main(String[] args) {
        Path target = Path.of(args.length > 0 ? args[0] : "target/report-preview");
        RunReportPage.write(target, ReportFixtures.runReport());
        ExplorePlots.write(target, ReportFixtures.exploreReport());
    }

    static List<byte[]> dataUris(String html) {
        List<byte[]> images = new ArrayList<>();
        Matcher matcher = DATA_URI.matcher(html);
        while (matcher.find()) {
            images.add(Base64.getDecoder().decode(matcher.group(1).getBytes(StandardCharsets.US_ASCII)));
        }
        return images;
    }
}
