// RUN: modelc-opt %s --modelc-lower-integer-powers | FileCheck %s
// RUN: modelc-opt %s --modelc-lower-integer-powers --convert-scf-to-cf --convert-to-llvm | FileCheck %s --check-prefix=LOWERED

// Square and multiply while the exponent is non-zero; negative exponents
// select 1, +-1 or 0.
// CHECK-LABEL: func.func @ipow
// CHECK-NOT: math.ipowi
// CHECK: %[[NEG:.*]] = arith.cmpi slt, %[[N:.*]], %c0_i32
// CHECK: %[[LOOP:.*]]:3 = scf.while
// CHECK: arith.muli
// CHECK: arith.shrui
// CHECK: arith.select %[[NEG]], %{{.*}}, %[[LOOP]]#0
// LOWERED-NOT: math.ipowi
// LOWERED-NOT: scf.while
func.func @ipow(%x: i32, %n: i32) -> i32 {
  %r = math.ipowi %x, %n : i32
  return %r : i32
}
