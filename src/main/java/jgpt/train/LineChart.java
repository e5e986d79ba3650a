package jgpt.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;
import jgpt.io.AtomicFiles;

/**
 * A line chart as a PNG, in the style of the book's matplotlib figures: titled axes, a light grid with
 * round-numbered ticks, solid, dashed or faint lines, and a legend. Used for loss and accuracy curves.
 */
public final class LineChart {
    private static final int WIDTH = 900, HEIGHT = 540, LEFT = 80, RIGHT = 30, TOP = 50, BOTTOM = 70;
    private static final Color GRID = new Color(225, 225, 225);
    /** matplotlib's first two colours, which the book's figures use for training and validation. */
    public static final Color BLUE = new Color(31, 119, 180), ORANGE = new Color(255, 127, 14);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    public record Point(double x, double y) {
    }

    /** How a series is drawn: a solid line, a dashed one, or a thin translucent one (noisy per-step values). */
    public enum Style { SOLID, DASHED, FAINT }

    public record Series(String name, List<Point> points, Color color, Style style) {
    }

    private final String title, xLabel, yLabel;
    private final DoubleFunction<String> xTick;
    private final List<Series> series = new ArrayList<>();

    /** A chart whose x ticks are written by xTick. */
    public LineChart(String title, String xLabel, String yLabel, DoubleFunction<String> xTick) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.xTick = xTick;
    }

    /** Adds a series; series are drawn and listed in the legend in the order added. */
    public LineChart add(String name, List<Point> points, Color color, Style style) {
        series.add(new Series(name, List.copyOf(points), color, style));
        return this;
    }

    /** Renders the chart and writes it as a PNG, atomically. */
    public void write(Path png) {
        BufferedImage image = render();
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer is available");
        });
    }

    public BufferedImage render() {
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        List<Point> all = new ArrayList<>();
        series.forEach(s -> all.addAll(s.points()));
        Axes axes = Axes.fit(all);
        try {
            drawGridAndLabels(g, axes);
        } catch (RuntimeException | Error noFonts) {
            // a machine without fonts (a bare server's JDK) cannot draw text: keep the plot, unlabelled
        }
        for (Series s : series) drawLine(g, axes, s);
        try {
            drawLegend(g, legendAtBottom(axes));
        } catch (RuntimeException | Error noFonts) {
            // as above
        }
        g.dispose();
        return image;
    }

    /** Data ranges rounded out to tick steps, and the mapping to pixels; x starts at 0. */
    private record Axes(double x0, double x1, double xStep, double y0, double y1, double yStep) {
        static Axes fit(List<Point> points) {
            double xMax = 1, yMin = Double.MAX_VALUE, yMax = -Double.MAX_VALUE;
            for (Point p : points) {
                xMax = Math.max(xMax, p.x());
                yMin = Math.min(yMin, p.y());
                yMax = Math.max(yMax, p.y());
            }
            if (points.isEmpty()) {
                yMin = 0;
                yMax = 1;
            }
            double xStep = niceStep(xMax / 6), yStep = niceStep(Math.max(yMax - yMin, 1e-3) / 6);
            return new Axes(0, Math.ceil(xMax / xStep) * xStep, xStep,
                    Math.floor(yMin / yStep) * yStep, Math.ceil(yMax / yStep) * yStep + (yMax == yMin ? yStep : 0), yStep);
        }

        // 1, 2 or 5 times a power of ten, at least rough
        private static double niceStep(double rough) {
            double power = Math.pow(10, Math.floor(Math.log10(rough)));
            for (double m : new double[] {1, 2, 5}) if (m * power >= rough) return m * power;
            return 10 * power;
        }

        double px(double x) {
            return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - (y - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private void drawGridAndLabels(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double x = a.x0(); x <= a.x1() + a.xStep() / 2; x += a.xStep()) {
            int px = (int) Math.round(a.px(x));
            g.setColor(GRID);
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
            g.setColor(Color.DARK_GRAY);
            String label = xTick.apply(x);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        for (double y = a.y0(); y <= a.y1() + a.yStep() / 2; y += a.yStep()) {
            int py = (int) Math.round(a.py(y));
            g.setColor(GRID);
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
            g.setColor(Color.DARK_GRAY);
            String label = a.yStep() >= 1 ? "%.0f".formatted(y) : a.yStep() >= 0.1 ? "%.1f".formatted(y) : "%.2f".formatted(y);
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), py + 5);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString(xLabel, WIDTH / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 20);
        g.drawString(title, LEFT, TOP - 18);
        var unrotated = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(HEIGHT / 2) - g.getFontMetrics().stringWidth(yLabel) / 2, 25);
        g.setTransform(unrotated);
    }

    private static BasicStroke stroke(Style style) {
        return switch (style) {
            case SOLID -> new BasicStroke(2.2f);
            case DASHED -> new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {9, 6}, 0);
            case FAINT -> new BasicStroke(1f);
        };
    }

    private static Color color(Series s) {
        Color c = s.color();
        return s.style() == Style.FAINT ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 70) : c;
    }

    private static void drawLine(Graphics2D g, Axes a, Series s) {
        List<Point> points = s.points();
        if (points.isEmpty()) return;
        var path = new Path2D.Double();
        path.moveTo(a.px(points.getFirst().x()), a.py(points.getFirst().y()));
        for (Point p : points.subList(1, points.size())) path.lineTo(a.px(p.x()), a.py(p.y()));
        g.setColor(color(s));
        g.setStroke(stroke(s.style()));
        g.draw(path);
        if (points.size() == 1) g.fillOval((int) a.px(points.getFirst().x()) - 3, (int) a.py(points.getFirst().y()) - 3, 6, 6);
        g.setStroke(new BasicStroke(1f));
    }

    /** A tick label: whole numbers without decimals, others with as few as they need. */
    public static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return BigDecimal.valueOf(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /** Whether the legend hides less of the lines in the bottom right corner than in the top right one. */
    private boolean legendAtBottom(Axes a) {
        int height = 9 + 19 * series.size();
        return hidden(a, HEIGHT - BOTTOM - 12 - height, height) < hidden(a, TOP + 12, height);
    }

    /** How many points sampled along the lines fall in the legend's box at top y. */
    private int hidden(Axes a, int top, int height) {
        int left = WIDTH - RIGHT - 210, count = 0;
        for (Series s : series) {
            List<Point> p = s.points();
            for (int i = 1; i < p.size(); i++) {
                for (int k = 0; k <= 20; k++) {
                    double x = a.px(p.get(i - 1).x() + (p.get(i).x() - p.get(i - 1).x()) * k / 20);
                    double y = a.py(p.get(i - 1).y() + (p.get(i).y() - p.get(i - 1).y()) * k / 20);
                    if (x >= left && x <= left + 200 && y >= top && y <= top + height) count++;
                }
            }
        }
        return count;
    }

    private void drawLegend(Graphics2D g, boolean atBottom) {
        int height = 9 + 19 * series.size();
        int x = WIDTH - RIGHT - 210, y = atBottom ? HEIGHT - BOTTOM - 12 - height : TOP + 12;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, 200, height);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, 200, height);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            int ly = y + 16 + 19 * i;
            g.setColor(color(s));
            g.setStroke(stroke(s.style()));
            g.drawLine(x + 10, ly - 4, x + 40, ly - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.name(), x + 50, ly);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
