module weight_rom (input wire clk, input wire [9:0] addr, output reg [31:0] q);
  reg [31:0] mem [0:1023];
  initial $readmemh("weights.mem", mem);
  always @(posedge clk) q <= mem[addr];
endmodule
