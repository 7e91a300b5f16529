package org.intformer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplorePlotsTest {

    @TempDir
    Path dir;

    @Test
    void writesThreeParetoPlotsAndThePage() throws IOException {
        List<String> files = ExplorePlots.write(dir, ReportFixtures.exploreReport());

        assertThat(files).containsExactly("plots/pareto-energy.png", "plots/pareto-latency.png", "plots/pareto-lut.png",
                "explore.html");
        String html = Files.readString(dir.resolve("explore.html"));
        List<byte[]> embedded = RunReportPageTest.dataUris(html);
        assertThat(embedded).hasSize(3);
        for (int i = 0; i < 3; i++) {
            byte[] onDisk = Files.readAllBytes(dir.resolve(files.get(i)));
            assertThat(embedded.get(i)).isEqualTo(onDisk);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(onDisk));
            assertThat(image.getWidth()).isEqualTo(800);
            assertThat(image.getHeight()).isEqualTo(450);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void tableListsEveryPointSortedWithTheChosenRowHighlighted() throws IOException {
        Map<String, Object> explore = ReportFixtures.exploreReport();
        String chosen = (String) explore.get("chosen");
        int points = ((List<?>) explore.get("points")).size();
        ExplorePlots.write(dir, explore);
        String html = Files.readString(dir.resolve("explore.html"));

        String body = html.substring(html.indexOf("<h2>All points</h2>"));
        assertThat(body.split("<tr", -1)).hasSize(points + 2); // header row + one per point
        assertThat(html).contains("<tr class=\"highlight\"><td>" + chosen + "</td>");
        assertThat(body).contains("<th class=\"num\">d-model</th>", "<th class=\"num\">patch</th>", "<th class=\"num\">bits</th>", "pruned", "infeasible");
        // pruned points have no test MSE and go last
        int lastDone = body.lastIndexOf("<td>done</td>");
        assertThat(body.indexOf("<td class=\"bad\">pruned</td>")).isGreaterThan(lastDone);
    }

    @Test
    void escapesParameterNamesAndIds() throws IOException {
        Map<String, Object> explore = ReportFixtures.exploreReport();
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) explore.get("points")).get(0);
        first.put("id", "<b>x</b>");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = (Map<String, Object>) first.get("params");
        params.put("<script>", "'\"&");
        ExplorePlots.write(dir, explore);
        String html = Files.readString(dir.resolve("explore.html"));

        assertThat(html).doesNotContain("<script", "<b>x</b>").contains("&lt;script&gt;", "&#39;&quot;&amp;",
                "&lt;b&gt;x&lt;/b&gt;");
    }

    @Test
    void sparseInputDoesNotThrow() throws IOException {
        assertThat(ExplorePlots.write(dir.resolve("empty"), Map.of())).containsExactly("explore.html");
        Map<String, Object> odd = ReportFixtures.map("points", List.of("junk",
                ReportFixtures.map("id", "a", "test_mse", 0.3, "energy_uj", 2.0),
                ReportFixtures.map("id", "b", "test_mse", 0.2, "energy_uj", 0.0, "pareto", true)), "chosen", "zz");
        assertThatCode(() -> ExplorePlots.write(dir.resolve("odd"), odd)).doesNotThrowAnyException();
        assertThat(dir.resolve("odd/plots/pareto-energy.png")).exists();
        assertThat(dir.resolve("odd/plots/pareto-lut.png")).doesNotExist();
    }

    @Test
    void twoWritesGiveIdenticalBytes() throws IOException {
        List<String> files = ExplorePlots.write(dir.resolve("a"), ReportFixtures.exploreReport());
        ExplorePlots.write(dir.resolve("b"), ReportFixtures.exploreReport());
        for (String file : files) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
    }
}
