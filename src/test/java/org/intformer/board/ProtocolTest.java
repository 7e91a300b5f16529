package org.intformer.board;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial protocol's framing, payloads and the host decoder's handling of bad bytes. */
class ProtocolTest {

    @Test
    void crcIsCcittFalse() {
        // the catalogue check value of CRC-16/CCITT-FALSE
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(Crc16.of(check, 0, check.length)).isEqualTo(0x29B1);
    }

    @Test
    void frameLayoutIsMagicTypeLengthPayloadCrc() {
        byte[] wire = new Frame(FrameType.INFER, new byte[] {1, 2, 3}).encode();
        assertThat(wire).hasSize(9);
        assertThat(wire[0] & 0xFF).isEqualTo(0xA5);
        assertThat(wire[1] & 0xFF).isEqualTo(0x02);
        assertThat(wire[2]).isEqualTo((byte) 3);
        assertThat(wire[3]).isEqualTo((byte) 0);
        assertThat(new byte[] {wire[4], wire[5], wire[6]}).containsExactly(1, 2, 3);
        int crc = Crc16.of(wire, 1, 6);
        assertThat((wire[7] & 0xFF) | (wire[8] & 0xFF) << 8).isEqualTo(crc);
        assertThat(Frame.wireBytes(3)).isEqualTo(9);
    }

    @Test
    void randomFramesRoundTripInAnyChunking() {
        Random r = new Random(7);
        for (int n = 0; n < 50; n++) {
            byte[] p = new byte[r.nextInt(n % 10 == 0 ? 600 : 40)];
            r.nextBytes(p);
            Frame f = new Frame(r.nextInt(256), p);
            Frame g = new Frame(r.nextInt(256), new byte[0]);
            byte[] a = f.encode();
            byte[] b = g.encode();
            byte[] both = new byte[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            FrameDecoder d = new FrameDecoder();
            int at = 0;
            List<Frame> got = new java.util.ArrayList<>();
            while (at < both.length) {
                int k = Math.min(both.length - at, 1 + r.nextInt(7));
                got.addAll(d.feed(both, at, k));
                at += k;
            }
            assertThat(got).containsExactly(f, g);
            assertThat(d.inFrame()).isFalse();
        }
    }

    @Test
    void int16PayloadsRoundTripAndRejectOutOfRange() {
        int[] v = {0, 1, -1, 127, -128, 32767, -32768, 300};
        assertThat(Payloads.int16(Payloads.int16(v))).containsExactly(v);
        assertThat(Payloads.int16(new int[] {-2})).containsExactly(0xFE, 0xFF);
        assertThatThrownBy(() -> Payloads.int16(new int[] {40000})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Payloads.int16(new byte[3])).isInstanceOf(ProtocolException.class);
    }

    @Test
    void statusAndErrorPayloadsRoundTrip() {
        DeviceStatus s = new DeviceStatus(0xDEADBEEFL, 6727, 123456, 1, 2, 3, 65535, 11116, 512, 2, true, 7, true, false);
        assertThat(DeviceStatus.parse(s.encode())).isEqualTo(s);
        for (DeviceError.Code c : DeviceError.Code.values()) {
            DeviceError e = new DeviceError(c, 0x42);
            assertThat(DeviceError.parse(e.encode())).isEqualTo(e);
        }
        assertThatThrownBy(() -> DeviceStatus.parse(new byte[19])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> DeviceError.parse(new byte[] {9, 0})).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown code 9");
    }

    @Test
    void aCorruptedCrcIsRejectedAndTheNextFrameDecodes() {
        byte[] bad = new Frame(FrameType.FORECAST, new byte[] {5, 6}).encode();
        bad[bad.length - 1] ^= 0x10;
        FrameDecoder d = new FrameDecoder();
        assertThatThrownBy(() -> d.feed(bad)).isInstanceOf(ProtocolException.class).hasMessageContaining("CRC");
        Frame ok = new Frame(FrameType.STATUS, new DeviceStatus(1, 2, 3, 4, 5, 6, 7, 0, 0, 4, false, 0, false, true).encode());
        assertThat(d.feed(ok.encode())).containsExactly(ok);
    }

    @Test
    void aCorruptedPayloadByteIsCaughtByTheCrc() {
        byte[] wire = new Frame(FrameType.FORECAST, new byte[] {5, 6, 7, 8}).encode();
        for (int i = 1; i < wire.length - 2; i++) {
            byte[] w = wire.clone();
            w[i] ^= 1 << (i % 8);
            FrameDecoder d = new FrameDecoder();
            // a corrupted length shortens or lengthens the frame: the CRC fails or the frame is not complete yet
            try {
                List<Frame> got = d.feed(w);
                assertThat(got).as("byte %d flipped", i).isEmpty();
                assertThat(d.inFrame()).isTrue();
            } catch (ProtocolException e) {
                assertThat(e).hasMessageContaining("CRC");
            }
        }
    }

    @Test
    void aByteOutsideAFrameIsAnError() {
        FrameDecoder d = new FrameDecoder();
        assertThatThrownBy(() -> d.feed(new byte[] {0x00})).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("outside a frame");
        Frame ok = new Frame(FrameType.ERROR, new DeviceError(DeviceError.Code.BAD_CRC, 2).encode());
        assertThat(d.feed(ok.encode())).containsExactly(ok);
    }

    @Test
    void typesAreKnownByCode() {
        assertThat(FrameType.of(0x02)).contains(FrameType.INFER);
        assertThat(FrameType.of(0x7F)).isEmpty();
    }

    @Test
    void modelHashesDifferBetweenModelsAndEqualTheFilesOwnCrc() {
        org.intformer.integer.IntModel a = org.intformer.hw.HwModels.random(3);
        org.intformer.integer.IntModel b = org.intformer.hw.HwModels.random(4);
        assertThat(ModelHash.of(a)).isNotEqualTo(ModelHash.of(b));
        byte[] file = org.intformer.integer.IntModelFile.encode(a);
        long stored = (file[file.length - 4] & 0xFFL) | (file[file.length - 3] & 0xFFL) << 8
                | (file[file.length - 2] & 0xFFL) << 16 | (file[file.length - 1] & 0xFFL) << 24;
        assertThat(ModelHash.of(a)).isEqualTo(stored);
    }
}
