package dev.spindle.bench.compare;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One PNG: per mode, median throughput and median p99 against connections, one line
 * per impl. The p99 axis is logarithmic, so that one impl's outlier does not flatten
 * the others into the floor.
 */
final class Chart {
    private static final int W = 640;
    private static final int H = 420;

    private Chart() {}

    static void write(List<Summary> points, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> modes = points.stream().map(Summary::mode).distinct().toList();
        BufferedImage all = new BufferedImage(2 * W, modes.size() * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int row = 0; row < modes.size(); row++) {
            String mode = modes.get(row);
            List<Summary> ps = points.stream().filter(p -> p.mode().equals(mode) && p.anyOk()).toList();
            if (ps.isEmpty()) continue;
            g.drawImage(BitmapEncoder.getBufferedImage(chart(ps, mode + ": throughput (median)", "req/s", Summary::rps, false)), 0, row * H, null);
            g.drawImage(BitmapEncoder.getBufferedImage(chart(ps, mode + ": p99 latency (median, log scale)", "p99 (ms)",
                    p -> p.p99us() / 1e3, true)), W, row * H, null);
        }
        g.dispose();
        ImageIO.write(all, "png", png.toFile());
    }

    private static XYChart chart(List<Summary> ps, String title, String yTitle, ToDoubleFunction<Summary> y, boolean logY) {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle("connections").yAxisTitle(yTitle).build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setDecimalPattern("#,##0.###");
        if (logY) {
            // needs every value > 0 (a p99 of 0 is left out below); xchart labels only powers of ten, so the
            // axis runs from the power of ten at or below the lowest value to the one at or above the highest
            c.getStyler().setYAxisLogarithmic(true);
            double[] v = ps.stream().mapToDouble(y).filter(d -> d > 0 && !Double.isInfinite(d)).toArray();
            if (v.length > 0) {
                double lo = Math.pow(10, Math.floor(Math.log10(Arrays.stream(v).min().getAsDouble())));
                double hi = Math.pow(10, Math.ceil(Math.log10(Arrays.stream(v).max().getAsDouble())));
                c.getStyler().setYAxisMin(lo);
                c.getStyler().setYAxisMax(hi > lo ? hi : lo * 10);
            }
        } else {
            c.getStyler().setYAxisMin(0.0);
        }
        for (String impl : ps.stream().map(Summary::impl).distinct().toList()) {
            List<Summary> line = ps.stream().filter(p -> p.impl().equals(impl) && (!logY || y.applyAsDouble(p) > 0))
                    .sorted((a, b) -> Integer.compare(a.conns(), b.conns())).toList();
            if (line.isEmpty()) continue;
            double[] xs = line.stream().mapToDouble(Summary::conns).toArray();
            double[] ys = line.stream().mapToDouble(y).toArray();
            c.addSeries(impl, xs, ys).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }
}
