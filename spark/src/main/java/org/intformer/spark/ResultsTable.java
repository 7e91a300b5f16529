package org.intformer.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.intformer.explore.ExploreCsv;
import org.intformer.pipeline.StageStore;

/**
 * explore's results as a Parquet table, {@code DIR/explore.parquet}: explore.csv's rows and columns ("param.KEY" becomes
 * "param_KEY", since Spark SQL reads a dot as a field of a struct), typed: integers as long, other numbers as double,
 * flags as boolean, the rest (parameter values such as "flatten" or "auto", reasons) as strings. Written to a temporary
 * directory and moved into place, so a reader never sees half a table.
 */
final class ResultsTable {
    static final String DIR = "explore.parquet";

    private ResultsTable() {
    }

    static void write(SparkSession session, List<Map<String, Object>> points, Path target) {
        ExploreCsv.Table table = ExploreCsv.table(points);
        List<StructField> fields = new ArrayList<>();
        for (int c = 0; c < table.columns().size(); c++) {
            fields.add(DataTypes.createStructField(table.columns().get(c).replace('.', '_'), type(table, c), true));
        }
        List<Row> rows = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            Object[] values = new Object[row.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = convert(row.get(c), fields.get(c).dataType());
            }
            rows.add(RowFactory.create(values));
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        StageStore.deleteRecursively(temp);
        session.createDataFrame(rows, DataTypes.createStructType(fields)).coalesce(1).write().mode(SaveMode.ErrorIfExists)
                .parquet(temp.toAbsolutePath().toString());
        StageStore.deleteRecursively(target);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A column's type: the narrowest of long, double, boolean, string that holds every value in it. */
    private static DataType type(ExploreCsv.Table table, int column) {
        boolean integral = true;
        boolean numeric = true;
        boolean flag = true;
        boolean any = false;
        for (List<Object> row : table.rows()) {
            Object v = row.get(column);
            if (v == null) {
                continue;
            }
            any = true;
            integral &= v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte;
            numeric &= v instanceof Number;
            flag &= v instanceof Boolean;
        }
        if (!any) {
            return DataTypes.StringType;
        }
        return integral ? DataTypes.LongType : numeric ? DataTypes.DoubleType : flag ? DataTypes.BooleanType : DataTypes.StringType;
    }

    private static Object convert(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        if (type.equals(DataTypes.LongType)) {
            return ((Number) v).longValue();
        }
        if (type.equals(DataTypes.DoubleType)) {
            return ((Number) v).doubleValue();
        }
        return type.equals(DataTypes.BooleanType) ? v : v.toString();
    }
}
