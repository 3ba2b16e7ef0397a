package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG beside each result file: small (800×450), one chart per scenario. */
final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    private Charts() {}

    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        return chart;
    }

    static XYSeries line(XYChart chart, String name, List<? extends Number> x, List<? extends Number> y, int axis) {
        XYSeries series = chart.addSeries(name, x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setYAxisGroup(axis);
        return series;
    }

    static CategoryChart bars(String title, String yTitle) {
        return new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    }

    static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path directory, String scenario, String mode)
            throws IOException {
        BitmapEncoder.saveBitmap(chart, directory.resolve(scenario + "-" + mode).toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
