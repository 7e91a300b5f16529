// Reads the weight image from the board's SPI configuration flash after reset (docs/BOARD.md): release from power-down
// (0xAB), WAKE cycles with the chip select high, then READ (0x03) from the 24-bit ADDR and BYTES bytes, SPI mode 0 at
// half the clock. Each byte goes out on valid/data (to the link's weight loader, the path LOAD frames take); done
// pulses once after the last byte.
module intformer_flash #(
    parameter [23:0] ADDR = 24'h100000,
    parameter BYTES = 1,
    parameter WAKE = 100
) (
    input  wire clk,
    input  wire rst,
    output reg  sck,
    output reg  cs_n,
    output reg  mosi,
    input  wire miso,
    output reg  valid,
    output reg  [7:0] data,
    output reg  done
);
    localparam [2:0] S_WAKE = 3'd0, S_GAP = 3'd1, S_CMD = 3'd2, S_DATA = 3'd3, S_END = 3'd4, S_IDLE = 3'd5;
    localparam CW = $clog2((WAKE > 8 * BYTES ? WAKE : 8 * BYTES) + 2);
    reg [2:0] state;
    reg [31:0] sh;                  // bits still to send, MSB first
    reg [CW-1:0] cnt;               // bits (or wait cycles) left in this state
    reg half;                       // 0: SCK low, the next bit presented; 1: SCK rises, MISO sampled
    reg [7:0] rx;
    reg [2:0] nbit;

    always @(posedge clk) begin
        valid <= 1'b0;
        done <= 1'b0;
        if (rst) begin
            state <= S_WAKE;
            cs_n <= 1'b1;
            sck <= 1'b0;
            mosi <= 1'b0;
            sh <= {8'hAB, 24'd0};
            cnt <= 8;
            half <= 1'b0;
            nbit <= 3'd0;
        end else case (state)
        S_WAKE, S_CMD: begin
            cs_n <= 1'b0;
            if (!half) begin
                sck <= 1'b0;
                mosi <= sh[31];
                sh <= {sh[30:0], 1'b0};
                half <= 1'b1;
            end else begin
                sck <= 1'b1;
                half <= 1'b0;
                cnt <= cnt - 1'b1;
                if (cnt == 1) begin
                    state <= state == S_WAKE ? S_GAP : S_DATA;
                    cnt <= state == S_WAKE ? WAKE : 8 * BYTES;
                end
            end
        end
        S_GAP: begin
            sck <= 1'b0;
            cs_n <= sck ? 1'b0 : 1'b1;  // SCK low first, then the chip select up: the wake-up command ends
            cnt <= cnt - 1'b1;
            if (cnt == 1) begin
                state <= S_CMD;
                sh <= {8'h03, ADDR};
                cnt <= 32;
            end
        end
        S_DATA: begin
            if (!half) begin
                sck <= 1'b0;
                half <= 1'b1;
            end else begin
                sck <= 1'b1;
                half <= 1'b0;
                rx <= {rx[6:0], miso};
                nbit <= nbit + 1'b1;
                cnt <= cnt - 1'b1;
                if (nbit == 3'd7) begin
                    valid <= 1'b1;
                    data <= {rx[6:0], miso};
                end
                if (cnt == 1) state <= S_END;
            end
        end
        S_END: begin
            sck <= 1'b0;
            cs_n <= sck ? 1'b0 : 1'b1;
            if (!sck) begin
                done <= 1'b1;
                state <= S_IDLE;
            end
        end
        default: ;
        endcase
    end
endmodule
