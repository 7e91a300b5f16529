// Deliberately too large for the iCE40 UP5K (and for the XC7S15's DSPs):
// 24 parallel 16x16 multiply-accumulate lanes (24 DSPs > 20 DSP48E1 > 8 SB_MAC16)
// and a 6000-stage resettable shift register (6000 FFs > 5280 UP5K logic cells).
module intformer_top (
  input  wire        clk,
  input  wire        rst,
  input  wire        start,
  output reg         busy,
  output reg         done,
  input  wire        in_we,
  input  wire [4:0]  in_addr,
  input  wire [15:0] in_data,
  input  wire [4:0]  out_addr,
  output reg  [31:0] out_data
);
  localparam LANES = 24, CHAIN = 6000;
  reg [15:0] a [0:LANES-1];
  reg [15:0] b [0:LANES-1];
  reg [31:0] acc [0:LANES-1];
  reg [CHAIN-1:0] chain;
  integer i;
  always @(posedge clk) begin
    if (in_we) begin
      a[in_addr] <= in_data;
      b[in_addr] <= in_data ^ 16'h5a5a;
    end
  end
  always @(posedge clk) begin
    if (rst) begin
      busy <= 1'b0; done <= 1'b0; chain <= {CHAIN{1'b0}};
      for (i = 0; i < LANES; i = i + 1) acc[i] <= 32'd0;
    end else begin
      busy <= start; done <= busy;
      chain <= {chain[CHAIN-2:0], in_data[0] ^ chain[CHAIN-1]};
      for (i = 0; i < LANES; i = i + 1) acc[i] <= acc[i] + a[i] * b[i];
    end
  end
  always @(posedge clk) out_data <= acc[out_addr] ^ {31'd0, chain[CHAIN-1]};
endmodule
