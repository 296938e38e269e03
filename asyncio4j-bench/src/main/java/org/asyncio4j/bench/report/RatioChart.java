package org.asyncio4j.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws asyncio4j's advantage over every peer as a PNG of horizontal bars on a logarithmic axis: one
 * group per headline metric and asyncio4j row, one bar per peer, starting at 1× and growing right
 * (green: asyncio4j better) or left (red: worse). Java2D, headless; no plotting library.
 *
 * <pre>RatioChart --title TITLE --out chart.png summary.txt [more-summary.txt ...]</pre>
 */
public final class RatioChart {
    private static final int WIDTH = 1200;
    private static final int LABEL_WIDTH = 330;
    private static final int RIGHT_MARGIN = 90;
    private static final int BAR = 16;
    private static final int GAP = 4;
    private static final int GROUP_HEADER = 28;
    private static final int TOP = 70;
    private static final int BOTTOM = 50;
    private static final Color BETTER = new Color(46, 139, 87);
    private static final Color WORSE = new Color(200, 60, 50);

    private RatioChart() {}

    /** One bar: the peer and asyncio4j's advantage over it. */
    private record Bar(String peer, double advantage) {}

    /** One group of bars: a metric of one asyncio4j row against every peer of the same comparison group. */
    private record Group(String title, List<Bar> bars) {}

    public static void main(String[] argv) throws IOException {
        System.setProperty("java.awt.headless", "true");
        String title = "asyncio4j advantage over each peer";
        Path out = Path.of("chart.png");
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--title" -> title = argv[++i];
                case "--out" -> out = Path.of(argv[++i]);
                default -> inputs.add(Path.of(argv[i]));
            }
        }
        List<Group> groups = groups(ResultsTable.load(inputs));
        if (groups.isEmpty()) {
            System.err.println("RatioChart: no asyncio4j row with a peer to compare against; no chart written");
            return;
        }
        ImageIO.write(draw(title, groups), "png", out.toFile());
    }

    private static List<Group> groups(List<Row> rows) {
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<String, List<Row>> e : ResultsTable.groups(rows).entrySet()) {
            List<Row> group = e.getValue();
            for (Row ours : group.stream().filter(Row::isOurs).toList()) {
                for (Metric m : Workloads.headlines(ours.workload())) {
                    List<Bar> bars = new ArrayList<>();
                    for (Row peer : group) {
                        Double a = peer.isOurs() ? null : m.advantage(ours.number(m.key()), peer.number(m.key()));
                        if (a != null) {
                            bars.add(new Bar(peer.label(), a));
                        }
                    }
                    if (!bars.isEmpty()) {
                        String where = ours.workload().equals("echo") ? e.getKey() + ", " : "";
                        groups.add(new Group(m.label() + " — " + where + ours.displayLabel(), bars));
                    }
                }
            }
        }
        return groups;
    }

    private static BufferedImage draw(String title, List<Group> groups) {
        double min = 1;
        double max = 1;
        int bars = 0;
        for (Group g : groups) {
            for (Bar b : g.bars()) {
                min = Math.min(min, b.advantage());
                max = Math.max(max, b.advantage());
                bars++;
            }
        }
        int loExp = (int) Math.floor(Math.log10(min) - 1e-9);
        int hiExp = (int) Math.ceil(Math.log10(max) + 1e-9);
        int height = TOP + groups.size() * GROUP_HEADER + bars * (BAR + GAP) + BOTTOM;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        Axis axis = new Axis(LABEL_WIDTH, WIDTH - RIGHT_MARGIN, loExp, hiExp);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("bar = asyncio4j's median ÷ the peer's (for times, lateness and bytes: the peer's ÷ asyncio4j's);"
                + " right of 1× (green) asyncio4j is better; log scale", 20, 50);
        axis.drawGrid(g, TOP - 6, height - BOTTOM + 4);

        int y = TOP;
        for (Group grp : groups) {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(grp.title(), 20, y + 18);
            y += GROUP_HEADER;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (Bar b : grp.bars()) {
                g.setColor(Color.DARK_GRAY);
                g.drawString(b.peer(), 40, y + BAR - 3);
                int x1 = axis.x(1);
                int x2 = axis.x(b.advantage());
                g.setColor(b.advantage() >= 1 ? BETTER : WORSE);
                g.fillRect(Math.min(x1, x2), y, Math.max(1, Math.abs(x2 - x1)), BAR);
                g.setColor(Color.BLACK);
                String text = ResultsTable.times(b.advantage());
                int tw = g.getFontMetrics().stringWidth(text);
                g.drawString(text, b.advantage() >= 1 ? x2 + 4 : x2 - tw - 4, y + BAR - 3);
                y += BAR + GAP;
            }
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(2));
        g.drawLine(axis.x(1), TOP - 6, axis.x(1), height - BOTTOM + 4);
        g.dispose();
        return img;
    }

    /** The logarithmic x axis from 10^loExp to 10^hiExp. */
    private record Axis(int left, int right, int loExp, int hiExp) {
        int x(double v) {
            double f = (Math.log10(v) - loExp) / (hiExp - loExp);
            return left + (int) Math.round(f * (right - left));
        }

        void drawGrid(Graphics2D g, int top, int bottom) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            for (int e = loExp; e <= hiExp; e++) {
                for (int k = 1; k <= 9; k++) {
                    double v = k * Math.pow(10, e);
                    if (e == hiExp && k > 1) {
                        break;
                    }
                    g.setColor(k == 1 ? new Color(180, 180, 180) : new Color(232, 232, 232));
                    g.drawLine(x(v), top, x(v), bottom);
                    if (k == 1 || k == 2 || k == 5) {
                        g.setColor(Color.GRAY);
                        String label = v >= 1 ? String.format(Locale.ROOT, "%.0f×", v) : String.format(Locale.ROOT, "%s×",
                                new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString());
                        g.drawString(label, x(v) - 8, bottom + 14);
                    }
                }
            }
        }
    }
}
