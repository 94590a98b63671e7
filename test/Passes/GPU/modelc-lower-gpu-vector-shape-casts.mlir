// RUN: modelc-opt %s --pass-pipeline='builtin.module(gpu.module(modelc-lower-gpu-vector-shape-casts))' | FileCheck %s

// An mma fragment (vector<2x1xf32>) made from a 64-bit load by a shape
// cast becomes element extracts and inserts, which GPU-to-NVVM lowers.
// CHECK-LABEL: gpu.func @fragment
// CHECK-NOT: vector.shape_cast
// CHECK: %[[E0:.*]] = vector.extract %[[V:.*]][0] : f32 from vector<2xf32>
// CHECK: vector.insert %[[E0]], %{{.*}} [0, 0] : f32 into vector<2x1xf32>
// CHECK: %[[E1:.*]] = vector.extract %[[V]][1] : f32 from vector<2xf32>
// CHECK: vector.insert %[[E1]], %{{.*}} [1, 0] : f32 into vector<2x1xf32>
// CHECK: vector.store
// CHECK: gpu.return
gpu.module @device {
  gpu.func @fragment(%m: memref<8xf32>, %out: memref<2x1xf32>) kernel {
    %c0 = arith.constant 0 : index
    %v = vector.load %m[%c0] {alignment = 8 : i64} : memref<8xf32>, vector<2xf32>
    %f = vector.shape_cast %v : vector<2xf32> to vector<2x1xf32>
    vector.store %f, %out[%c0, %c0] : memref<2x1xf32>, vector<2x1xf32>
    gpu.return
  }
}
