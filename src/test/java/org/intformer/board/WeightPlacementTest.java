package org.intformer.board;

import java.math.BigInteger;
import java.util.List;
import org.intformer.UserError;
import org.intformer.hw.CostModel;
import org.intformer.hw.Design;
import org.intformer.hw.HwModels;
import org.intformer.hw.HwOptions;
import org.intformer.hw.Storage;
import org.intformer.hw.WeightMemory;
import org.intformer.hw.synth.Target;
import org.intformer.integer.IntModel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the Design puts the weights, and the LOAD frames' image of them. */
class WeightPlacementTest {

    @Test
    void spramWeightsTakeTheirSpramsAwayFromTheActivationsAndNoBlockRam() {
        IntModel m = HwModels.random(4);
        Design bram = Design.of(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.BRAM));
        Design spram = Design.of(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.SPRAM));
        assertThat(bram.weightMemory()).isEqualTo(WeightMemory.BRAM);
        assertThat(spram.weightMemory()).isEqualTo(WeightMemory.SPRAM);
        // the same schedule and weight words: only where they live differs
        assertThat(spram.cycles()).isEqualTo(bram.cycles());
        assertThat(spram.weights()).isEqualTo(bram.weights());
        int n = spram.weightSprams();
        assertThat(n).isEqualTo(((spram.weights().width() + 15) / 16) * ((spram.weights().depth() + 16383) / 16384));
        for (Storage.Buffer b : spram.storage().buffers()) {
            assertThat(b.memory()).as("activation buffers use the SPRAMs the weights leave").isLessThan(Target.UP5K_SPRAM - n);
        }
        // the cost model counts the weights' SPRAMs (the activation buffers they displace go to block RAM)
        long activationSprams = spram.storage().buffers().stream().filter(b -> b.memory() >= 0).map(Storage.Buffer::memory).distinct().count();
        assertThat(CostModel.estimate(spram).resources().spram()).isEqualTo(n + (int) activationSprams)
                .isLessThanOrEqualTo(Target.UP5K_SPRAM);
        assertThat(spram.summary()).containsEntry("weights", "spram");
    }

    @Test
    void autoIsBlockRamWhenItFitsAndSpramIsRefusedWhereItCannotBe() {
        IntModel m = HwModels.random(4);
        assertThat(Design.of(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.AUTO)).weightMemory()).isEqualTo(WeightMemory.BRAM);
        assertThat(Design.of(m, new HwOptions(2, Target.XC7S15, WeightMemory.AUTO)).weightMemory()).isEqualTo(WeightMemory.BRAM);
        assertThatThrownBy(() -> Design.of(m, new HwOptions(2, Target.XC7S15, WeightMemory.SPRAM))).isInstanceOf(UserError.class)
                .hasMessageContaining("no SPRAM");
        // 256 lanes of weights side by side need more SPRAMs than the UP5K has
        assertThatThrownBy(() -> Design.of(m, new HwOptions(256, Target.ICE40UP5K, WeightMemory.SPRAM))).isInstanceOf(UserError.class)
                .hasMessageContaining("SPRAMs");
        assertThat(WeightMemory.parse(" SPRAM ", "--weights")).isEqualTo(WeightMemory.SPRAM);
        assertThatThrownBy(() -> WeightMemory.parse("flash", "--weights")).isInstanceOf(UserError.class).hasMessageContaining("--weights");
    }

    @Test
    void theLeanIce40DatapathForLowClocksAddsInWholeWordsAndIsShorter() {
        IntModel m = HwModels.random(4);
        Design fast = Design.of(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.BRAM, 48));
        Design lean = Design.of(m, new HwOptions(2, Target.ICE40UP5K, WeightMemory.BRAM, 30));
        assertThat(fast.datapath().adderWidth()).isEqualTo(20);
        assertThat(lean.datapath().adderWidth()).isEqualTo(64);
        assertThat(lean.cycles()).isLessThanOrEqualTo(fast.cycles());
        assertThat(Design.of(m, new HwOptions(2, Target.XC7S15, WeightMemory.BRAM, 30)).datapath().adderWidth()).isEqualTo(64);
    }

    @Test
    void theImageIsTheWordsLittleEndianInWholeBytesAndItsFramesCoverEveryWordOnce() {
        IntModel m = HwModels.random(4);
        Design d = Design.of(m, new HwOptions(3, Target.ICE40UP5K, WeightMemory.SPRAM));
        WeightImage w = WeightImage.of(d);
        assertThat(w.words()).isEqualTo(d.weights().depth());
        assertThat(w.wordBytes()).isEqualTo(d.weightWordBytes()).isIn(1, 2, 4, 8);
        assertThat(w.wordBytes() * 8).isGreaterThanOrEqualTo(d.weights().width());
        BigInteger mask = BigInteger.ONE.shiftLeft(d.weights().width()).subtract(BigInteger.ONE);
        for (int i = 0; i < w.words(); i++) {
            BigInteger x = BigInteger.ZERO;
            for (int b = w.wordBytes() - 1; b >= 0; b--) {
                x = x.shiftLeft(8).or(BigInteger.valueOf(w.bytes()[i * w.wordBytes() + b] & 0xFF));
            }
            assertThat(x).isEqualTo(d.weights().words().get(i).and(mask));
        }
        int crc = 0xFFFF;
        for (byte b : w.bytes()) {
            crc = Crc16.update(crc, b);
        }
        assertThat(w.crc()).isEqualTo(crc);
        List<byte[]> frames = w.payloads(5);
        int next = 0;
        for (byte[] p : frames) {
            assertThat((int) Payloads.unsigned(p, 0, 2)).isEqualTo(next);
            next += (p.length - 2) / w.wordBytes();
        }
        assertThat(next).isEqualTo(w.words());
        assertThatThrownBy(() -> WeightImage.of(Design.of(m, new HwOptions(3, Target.ICE40UP5K, WeightMemory.BRAM))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
