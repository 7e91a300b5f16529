package org.intformer.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.intformer.UserError;
import org.intformer.io.AtomicFiles;

/**
 * Writes a page's plots under {@code DIR/plots/} and the page itself, each file atomically. A plot that a
 * page knows but did not draw this time (its data is absent) is deleted, so a re-run into the same directory
 * never leaves a stale figure from an earlier report next to the new page.
 */
final class PlotFiles {

    private PlotFiles() {
    }

    /** Writes the plots, then the page last, so a reader that sees the new page also finds its plots. */
    static List<String> write(Path dir, List<Plot> plots, List<String> knownFiles, String pageName, String html) {
        List<String> written = new ArrayList<>();
        for (Plot plot : plots) {
            AtomicFiles.write(dir.resolve(plot.relativePath()), plot.png());
            written.add(plot.relativePath());
        }
        for (String known : knownFiles) {
            if (plots.stream().noneMatch(p -> p.file().equals(known))) {
                Path stale = dir.resolve("plots").resolve(known);
                try {
                    Files.deleteIfExists(stale);
                } catch (IOException e) {
                    throw new UserError("cannot remove stale plot " + stale + ": " + e.getMessage());
                }
            }
        }
        AtomicFiles.writeString(dir.resolve(pageName), html);
        return List.copyOf(written);
    }
}
