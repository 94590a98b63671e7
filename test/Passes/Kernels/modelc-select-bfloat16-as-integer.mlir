// RUN: modelc-opt %s --modelc-select-bfloat16-as-integer | FileCheck %s

// A bf16 select (scalar or vector) selects the values' i16 bits.
// CHECK-LABEL: func.func @scalar
// CHECK-SAME: (%[[C:.*]]: i1, %[[A:.*]]: bf16, %[[B:.*]]: bf16)
// CHECK-DAG: %[[AI:.*]] = arith.bitcast %[[A]] : bf16 to i16
// CHECK-DAG: %[[BI:.*]] = arith.bitcast %[[B]] : bf16 to i16
// CHECK: %[[S:.*]] = arith.select %[[C]], %[[AI]], %[[BI]] : i16
// CHECK: %[[R:.*]] = arith.bitcast %[[S]] : i16 to bf16
// CHECK: return %[[R]] : bf16
func.func @scalar(%c: i1, %a: bf16, %b: bf16) -> bf16 {
  %r = arith.select %c, %a, %b : bf16
  return %r : bf16
}

// CHECK-LABEL: func.func @vector
// CHECK: arith.bitcast %{{.*}} : vector<4xbf16> to vector<4xi16>
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xi1>, vector<4xi16>
// CHECK: arith.bitcast %{{.*}} : vector<4xi16> to vector<4xbf16>
func.func @vector(%c: vector<4xi1>, %a: vector<4xbf16>, %b: vector<4xbf16>) -> vector<4xbf16> {
  %r = arith.select %c, %a, %b : vector<4xi1>, vector<4xbf16>
  return %r : vector<4xbf16>
}

// Other element types are left alone (x86 selects f16 without a builtin).
// CHECK-LABEL: func.func @others
// CHECK-NOT: arith.bitcast
// CHECK: arith.select %{{.*}} : f16
// CHECK: arith.select %{{.*}} : f32
func.func @others(%c: i1, %a: f16, %b: f16, %x: f32, %y: f32) -> (f16, f32) {
  %r = arith.select %c, %a, %b : f16
  %s = arith.select %c, %x, %y : f32
  return %r, %s : f16, f32
}
