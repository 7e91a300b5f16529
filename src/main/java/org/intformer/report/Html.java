package org.intformer.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Builds one self-contained HTML page (inline CSS, images as data URIs, no scripts). Every piece of text is
 * escaped here, at the single point where it enters markup, so callers can pass report strings as they are.
 */
final class Html {

    private static final String STYLE = """
            :root { --ink:#1d2330; --muted:#5b6473; --line:#e3e6ec; --accent:#1f5fa8; --bg:#f6f7f9; }
            * { box-sizing: border-box; }
            body { margin:0; background:var(--bg); color:var(--ink);
                   font: 14px/1.45 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
            header.page { border-bottom: 3px solid var(--accent); margin-bottom: 20px; padding-bottom: 10px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h1 + p { color: var(--muted); margin: 0; }
            h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); }
            .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
            .card .k { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .card .v { font-size: 15px; font-weight: 600; overflow-wrap: anywhere; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); font-size: 12.5px; }
            th, td { padding: 5px 7px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: #eef1f5; font-weight: 600; font-size: 12px; }
            th.num { text-align: right; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.lines { white-space: pre; }
            td.num small { white-space: pre; }
            td small { display: block; color: var(--muted); font-size: 11px; white-space: pre-line; }
            tr:nth-child(even) td { background: #fafbfc; }
            tr.highlight td { background: #fff4d6; font-weight: 600; }
            td.good { color: #1b7f3b; font-weight: 600; }
            td.bad { color: #b3261e; font-weight: 600; }
            td.best { font-weight: 700; color: var(--accent); }
            figure { margin: 18px 0 26px; background: #fff; border: 1px solid var(--line); border-radius: 6px;
                     padding: 12px; }
            figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
            figcaption { color: var(--muted); font-size: 13px; margin-top: 8px; }
            figcaption b { color: var(--ink); }
            p.note { color: var(--muted); font-size: 12px; }
            table.kv td:first-child { color: var(--muted); white-space: nowrap; }
            """;

    private final StringBuilder out = new StringBuilder(1 << 16);

    Html(String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");
    }

    /** Escapes text for element content and quoted attribute values alike. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    Html header(String title, String subtitle) {
        out.append("<header class=\"page\">\n<h1>").append(escape(title)).append("</h1>\n");
        if (subtitle != null) {
            out.append("<p>").append(escape(subtitle)).append("</p>\n");
        }
        out.append("</header>\n");
        return this;
    }

    Html h2(String text) {
        out.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    Html h3(String text) {
        out.append("<h3>").append(escape(text)).append("</h3>\n");
        return this;
    }

    Html note(String text) {
        out.append("<p class=\"note\">").append(escape(text)).append("</p>\n");
        return this;
    }

    /** Summary cards: a short label over a prominent value. */
    Html cards(Map<String, String> entries) {
        out.append("<div class=\"cards\">\n");
        entries.forEach((k, v) -> out.append("<div class=\"card\"><div class=\"k\">").append(escape(k))
                .append("</div><div class=\"v\">").append(escape(v)).append("</div></div>\n"));
        out.append("</div>\n");
        return this;
    }

    Html table(Table table) {
        return table(table, null);
    }

    Html table(Table table, String css) {
        out.append("<div class=\"scroll\"><table").append(css == null ? "" : " class=\"" + escape(css) + "\"")
                .append(">\n<thead><tr>");
        for (int c = 0; c < table.headers().size(); c++) {
            // A header sits over its numbers: right-aligned when every cell of the column is numeric.
            out.append(table.isNumeric(c) ? "<th class=\"num\">" : "<th>").append(escape(table.headers().get(c)))
                    .append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Table.Row row : table.rows()) {
            out.append(row.css() == null ? "<tr>" : "<tr class=\"" + escape(row.css()) + "\">");
            for (Table.Cell cell : row.cells()) {
                out.append(cell.css() == null ? "<td>" : "<td class=\"" + escape(cell.css()) + "\">")
                        .append(escape(cell.text()));
                if (cell.note() != null) {
                    out.append("<small>").append(escape(cell.note())).append("</small>");
                }
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table></div>\n");
        return this;
    }

    /** A figure with the PNG inlined, so the page stays readable when copied without its plots/ folder. */
    Html figure(Plot plot) {
        out.append("<figure>\n<img alt=\"").append(escape(plot.title())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(plot.png())).append("\">\n<figcaption><b>")
                .append(escape(plot.title())).append(".</b> ").append(escape(plot.caption()))
                .append(" <small>(").append(escape(plot.relativePath())).append(")</small></figcaption>\n</figure>\n");
        return this;
    }

    Html figures(List<Plot> plots) {
        plots.forEach(this::figure);
        return this;
    }

    String finish() {
        return out + "</main>\n</body>\n</html>\n";
    }
}
