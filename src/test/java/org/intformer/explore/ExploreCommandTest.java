package org.intformer.explore;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.intformer.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code intformer explore} through the command line. */
class ExploreCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void exploresAndReportsTheChosenPoint() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("""
                  halving: false
                  verify-front: 0
                  space:
                    patch: [4, 6]
                """));
        Run r = run("explore", yaml.toString(), "--out", dir.resolve("o").toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 trained, 0 reused").contains("chosen: p00");
        assertThat(Files.exists(dir.resolve("o/explore.json"))).isTrue();
        Run again = run("explore", yaml.toString(), "--out", dir.resolve("o").toString(), "--quiet", "--workers", "2");
        assertThat(again.out()).contains("0 trained, 2 reused");
        Run dry = run("explore", yaml.toString(), "--dry-run");
        assertThat(dry.out()).startsWith("2 points of a 2-point grid, 2 valid; rung epochs [2], eta 2").contains("p001 {patch=6}");
    }

    @Test
    void configErrorsExitTwoWithOneLine() throws Exception {
        Path yaml = ExploreFixtures.write(dir, "c.yaml", ExploreFixtures.yaml("  space:\n    pach: [4]\n"));
        Run r = run("explore", yaml.toString(), "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(Main.EXIT_USER);
        assertThat(r.err().strip()).isEqualTo("intformer: error: " + yaml
                + ":11: explore.space.pach: unknown key 'pach', did you mean 'patch'? (any config key, or lanes)");
        Path none = ExploreFixtures.write(dir, "n.yaml", "epochs: 1\n");
        assertThat(run("explore", none.toString()).err()).contains("no 'explore:' section");
    }
}
