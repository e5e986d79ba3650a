package jgpt.train;

import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import jgpt.io.AtomicFiles;

/**
 * Draws the run's losses against tokens seen, like the book's figure 5.12: training loss (solid) and
 * validation loss (dashed) at each evaluation, over the per-step training loss in a lighter shade.
 */
public final class LossPlot {
    private static final int WIDTH = 900, HEIGHT = 540, LEFT = 80, RIGHT = 30, TOP = 50, BOTTOM = 70;
    private static final Color TRAIN = new Color(31, 119, 180), VALIDATION = new Color(255, 127, 14);
    private static final Color STEPS = new Color(31, 119, 180, 70), GRID = new Color(225, 225, 225);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private LossPlot() {
    }

    private record Point(double x, double y) {
    }

    /** Renders the metrics rows and writes the PNG atomically. */
    public static void write(List<JsonObject> rows, Path png) {
        BufferedImage image = render(rows);
        AtomicFiles.write(png, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer is available");
        });
    }

    static BufferedImage render(List<JsonObject> rows) {
        List<Point> steps = series(rows, "step", "loss"), train = series(rows, "eval", "train_loss"), validation = series(rows, "eval", "val_loss");
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        List<Point> all = new ArrayList<>(steps);
        all.addAll(train);
        all.addAll(validation);
        var axes = Axes.fit(all);
        drawGrid(g, axes);
        drawLine(g, axes, steps, STEPS, new BasicStroke(1f));
        drawLine(g, axes, train, TRAIN, new BasicStroke(2.2f));
        drawLine(g, axes, validation, VALIDATION, new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {9, 6}, 0));
        try {
            drawLabels(g, axes);
            drawLegend(g);
        } catch (RuntimeException | Error noFonts) {
            // a machine without fonts (a bare server's JDK) cannot draw text: keep the plot, unlabelled
        }
        g.dispose();
        return image;
    }

    private static List<Point> series(List<JsonObject> rows, String type, String key) {
        List<Point> out = new ArrayList<>();
        for (JsonObject r : rows) {
            if (!type.equals(r.get("type").getAsString()) || !r.has(key) || !r.has("tokens")) continue;
            double y = r.get(key).getAsDouble();
            if (Double.isFinite(y)) out.add(new Point(r.get("tokens").getAsDouble(), y));
        }
        return out;
    }

    /** Data ranges rounded out to tick steps, and the mapping to pixels. */
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

    private static void drawGrid(Graphics2D g, Axes a) {
        g.setColor(GRID);
        for (double x = a.x0(); x <= a.x1() + a.xStep() / 2; x += a.xStep()) {
            int px = (int) Math.round(a.px(x));
            g.drawLine(px, TOP, px, HEIGHT - BOTTOM);
        }
        for (double y = a.y0(); y <= a.y1() + a.yStep() / 2; y += a.yStep()) {
            int py = (int) Math.round(a.py(y));
            g.drawLine(LEFT, py, WIDTH - RIGHT, py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    }

    private static void drawLabels(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.DARK_GRAY);
        for (double x = a.x0(); x <= a.x1() + a.xStep() / 2; x += a.xStep()) {
            String label = tokens(x);
            g.drawString(label, (int) Math.round(a.px(x)) - g.getFontMetrics().stringWidth(label) / 2, HEIGHT - BOTTOM + 20);
        }
        for (double y = a.y0(); y <= a.y1() + a.yStep() / 2; y += a.yStep()) {
            String label = a.yStep() >= 1 ? "%.0f".formatted(y) : a.yStep() >= 0.1 ? "%.1f".formatted(y) : "%.2f".formatted(y);
            g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), (int) Math.round(a.py(y)) + 5);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.drawString("Tokens seen", WIDTH / 2 - 40, HEIGHT - 20);
        g.drawString("Training and validation loss", LEFT, TOP - 18);
        var rotated = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString("Loss", -(HEIGHT / 2) - 15, 25);
        g.setTransform(rotated);
    }

    private static String tokens(double x) {
        if (x >= 1e6) return "%.1fM".formatted(x / 1e6).replace(".0M", "M");
        if (x >= 1e3) return "%.0fk".formatted(x / 1e3);
        return "%.0f".formatted(x);
    }

    private static void drawLine(Graphics2D g, Axes a, List<Point> points, Color color, BasicStroke stroke) {
        if (points.isEmpty()) return;
        var path = new Path2D.Double();
        path.moveTo(a.px(points.getFirst().x()), a.py(points.getFirst().y()));
        for (Point p : points.subList(1, points.size())) path.lineTo(a.px(p.x()), a.py(p.y()));
        g.setColor(color);
        g.setStroke(stroke);
        g.draw(path);
        if (points.size() == 1) g.fillOval((int) a.px(points.getFirst().x()) - 3, (int) a.py(points.getFirst().y()) - 3, 6, 6);
        g.setStroke(new BasicStroke(1f));
    }

    private static void drawLegend(Graphics2D g) {
        int x = WIDTH - RIGHT - 210, y = TOP + 12;
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x, y, 200, 66);
        g.setColor(Color.GRAY);
        g.drawRect(x, y, 200, 66);
        String[] names = {"Training loss (eval)", "Validation loss", "Training loss (step)"};
        Color[] colors = {TRAIN, VALIDATION, STEPS};
        for (int i = 0; i < 3; i++) {
            int ly = y + 16 + 19 * i;
            g.setColor(colors[i]);
            g.setStroke(i == 1 ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {9, 6}, 0) : new BasicStroke(2.2f));
            g.drawLine(x + 10, ly - 4, x + 40, ly - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(names[i], x + 50, ly);
        }
        g.setStroke(new BasicStroke(1f));
    }
}
