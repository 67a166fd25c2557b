package dev.spindle.bench.compare;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/** One PNG: per mode and connection count, median server CPU per request against the paced rate, one line per impl. */
final class EfficiencyChart {
    private static final int W = 640;
    private static final int H = 420;

    private EfficiencyChart() {}

    static void write(List<EfficiencyReport.Row> rows, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> panels = rows.stream().map(r -> r.mode() + ", " + r.conns() + " connections").distinct().toList();
        List<String> impls = rows.stream().map(EfficiencyReport.Row::impl).distinct().sorted().toList(); // one colour each, in every panel
        int cols = Math.min(2, panels.size());
        int lines = (panels.size() + cols - 1) / cols;
        BufferedImage all = new BufferedImage(cols * W, lines * H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            String panel = panels.get(i);
            List<EfficiencyReport.Row> here = rows.stream().filter(r -> (r.mode() + ", " + r.conns() + " connections").equals(panel)
                    && !r.ok().isEmpty()).toList();
            if (here.isEmpty()) continue;
            g.drawImage(BitmapEncoder.getBufferedImage(chart(here, impls, panel + ": server CPU per request (median)")), (i % cols) * W, (i / cols) * H, null);
        }
        g.dispose();
        ImageIO.write(all, "png", png.toFile());
    }

    /** Distinct colours, one per impl (by its place in the sorted impl list), so that a line keeps its colour across panels. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};

    private static XYChart chart(List<EfficiencyReport.Row> rows, List<String> impls, String title) {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle("paced load (round trips/s)").yAxisTitle("CPU µs per request").build();
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setDecimalPattern("#,##0.#");
        c.getStyler().setYAxisMin(0.0);
        for (String impl : impls) {
            List<EfficiencyReport.Row> line = rows.stream().filter(r -> r.impl().equals(impl))
                    .sorted(Comparator.comparingDouble(EfficiencyReport.Row::targetRate)).toList();
            if (line.isEmpty()) continue;
            Color colour = PALETTE[impls.indexOf(impl) % PALETTE.length];
            XYSeries series = c.addSeries(impl, line.stream().mapToDouble(EfficiencyReport.Row::targetRate).toArray(),
                    line.stream().mapToDouble(EfficiencyReport.Row::cpuUs).toArray());
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(colour);
            series.setLineColor(colour);
        }
        return c;
    }
}
