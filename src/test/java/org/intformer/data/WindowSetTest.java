package org.intformer.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WindowSetTest {
    /** Row r, column c holds 10·r + c, so every copied value says where it came from. */
    private static float[][] series(int rows, int cols) {
        float[][] v = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                v[r][c] = 10 * r + c;
            }
        }
        return v;
    }

    @Test
    void multivariateWindowsAreRowMajor() {
        WindowSet ws = WindowSet.build(series(20, 3), new RowRange(5, 12), 3, 2, new int[] {0, 1, 2}, new int[] {2});
        assertThat(ws.n()).isEqualTo(3);   // 7 rows, 5 per window
        assertThat(ws.firstTargetRow()).isEqualTo(8);
        // window 1 starts at row 6: x = rows 6,7,8 × columns 0,1,2; y = rows 9,10 of column 2
        float[] x1 = java.util.Arrays.copyOfRange(ws.x(), 9, 18);
        assertThat(x1).containsExactly(60, 61, 62, 70, 71, 72, 80, 81, 82);
        assertThat(java.util.Arrays.copyOfRange(ws.y(), 2, 4)).containsExactly(92, 102);
        assertThat(ws.outputInInput()).containsExactly(2);
    }

    @Test
    void univariateAndAllOutputs() {
        WindowSet s = WindowSet.build(series(10, 2), new RowRange(0, 10), 4, 1, new int[] {1}, new int[] {1});
        assertThat(s.n()).isEqualTo(6);
        assertThat(java.util.Arrays.copyOfRange(s.x(), 0, 4)).containsExactly(1, 11, 21, 31);
        assertThat(s.y()).containsExactly(41, 51, 61, 71, 81, 91);
        WindowSet m = WindowSet.build(series(10, 2), new RowRange(0, 10), 2, 2, new int[] {0, 1}, new int[] {0, 1});
        assertThat(java.util.Arrays.copyOfRange(m.y(), 0, 4)).containsExactly(20, 21, 30, 31);
    }

    @Test
    void copyBatchPacksTheChosenWindows() {
        WindowSet ws = WindowSet.build(series(20, 2), new RowRange(0, 20), 2, 1, new int[] {0, 1}, new int[] {1});
        float[] xb = new float[2 * ws.xStride()];
        float[] yb = new float[2];
        ws.copyBatch(new int[] {9, 4, 0}, 1, 2, xb, yb);
        assertThat(xb).containsExactly(40, 41, 50, 51, 0, 1, 10, 11);
        assertThat(yb).containsExactly(61, 21);
    }
}
