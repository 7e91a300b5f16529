// UART, 8 data bits, no parity, one stop bit; CLKS_PER_BIT clock cycles per bit (the clock over the baud rate).
module intformer_uart_rx #(parameter CLKS_PER_BIT = 104) (
    input  wire clk,
    input  wire rst,
    input  wire rx,            // idle high
    output reg  valid,         // one-cycle pulse: data holds a received byte
    output reg  [7:0] data
);
    localparam CW = $clog2(CLKS_PER_BIT + 1);
    reg rx_m, rx_s;            // two-register synchronizer: rx is asynchronous to clk
    reg [CW-1:0] cnt;
    reg [3:0] bitn;            // 0: idle; 1: start bit; 2-9: data bits; 10: stop bit
    always @(posedge clk) begin
        rx_m <= rx;
        rx_s <= rx_m;
        valid <= 1'b0;
        if (rst) begin
            rx_m <= 1'b1;
            rx_s <= 1'b1;
            bitn <= 4'd0;
            cnt <= 0;
        end else if (bitn == 4'd0) begin
            if (!rx_s) begin
                bitn <= 4'd1;
                cnt <= CLKS_PER_BIT / 2;   // sample at the middle of each bit
            end
        end else if (cnt != 0) begin
            cnt <= cnt - 1'b1;
        end else begin
            cnt <= CLKS_PER_BIT - 1;
            if (bitn == 4'd1) begin
                bitn <= rx_s ? 4'd0 : 4'd2;   // a glitch, not a start bit
            end else if (bitn == 4'd10) begin
                bitn <= 4'd0;
                valid <= rx_s;               // a missing stop bit drops the byte
            end else begin
                data <= {rx_s, data[7:1]};
                bitn <= bitn + 1'b1;
            end
        end
    end
endmodule

module intformer_uart_tx #(parameter CLKS_PER_BIT = 104) (
    input  wire clk,
    input  wire rst,
    input  wire go,            // load data (ignored while busy)
    input  wire [7:0] data,
    output wire busy,
    output wire tx
);
    localparam CW = $clog2(CLKS_PER_BIT + 1);
    reg [9:0] shift;           // stop, data (LSB first), start
    reg [3:0] left;
    reg [CW-1:0] cnt;
    assign busy = left != 4'd0;
    assign tx = shift[0];
    always @(posedge clk) begin
        if (rst) begin
            shift <= 10'h3FF;
            left <= 4'd0;
            cnt <= 0;
        end else if (left == 4'd0) begin
            if (go) begin
                shift <= {1'b1, data, 1'b0};
                left <= 4'd10;
                cnt <= CLKS_PER_BIT - 1;
            end
        end else if (cnt != 0) begin
            cnt <= cnt - 1'b1;
        end else begin
            shift <= {1'b1, shift[9:1]};
            left <= left - 1'b1;
            cnt <= CLKS_PER_BIT - 1;
        end
    end
endmodule
