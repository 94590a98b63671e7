// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-select-gpu-index-width))" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-select-gpu-index-width{max-bytes=1024}))" | FileCheck %s --check-prefix=SMALL
// RUN: not modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-select-gpu-index-width{max-bytes=0}))" 2>&1 | FileCheck %s --check-prefix=ERROR
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-select-gpu-index-width))" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK

// Every buffer (arguments, a strided view into the scratch arena, shared
// memory) is under 1 GiB: 32-bit indices. With max-bytes=1024 the 4 KiB
// arguments do not fit.
// CHECK-LABEL: gpu.module @fits
// CHECK-SAME: attributes {dlti.dl_spec = #dlti.dl_spec<index = 32 : i32>}
// SMALL-LABEL: gpu.module @fits
// SMALL-NOT: dlti.dl_spec
// ERROR: error: max-bytes must be in [1, 2^30], not 0
gpu.module @fits {
  gpu.func @k(%in: memref<32x32xf32>, %out: memref<32x32xf32>, %arena: memref<65536xi8>)
      workgroup(%tile: memref<2x16x20xf32, #gpu.address_space<workgroup>>) kernel {
    %c0 = arith.constant 0 : index
    %view = memref.view %arena[%c0][] : memref<65536xi8> to memref<34x34xf32>
    %sub = memref.subview %view[1, 1] [32, 32] [1, 1] : memref<34x34xf32> to memref<32x32xf32, strided<[34, 1], offset: 35>>
    %x = memref.load %sub[%c0, %c0] : memref<32x32xf32, strided<[34, 1], offset: 35>>
    memref.store %x, %out[%c0, %c0] : memref<32x32xf32>
    gpu.return
  }
}

// -----

// A 2 GiB buffer: its last element's offset needs more than 31 bits. Each
// module that keeps 64-bit indices says why in a remark.
// REMARK: remark: 64-bit index arithmetic kept: 'memref<536870912xf32>' is dynamic or spans 1073741824 bytes or more
// REMARK: remark: 64-bit index arithmetic kept: 'memref<16xf32, strided<[1], offset: 300000000>>' is dynamic or spans 1073741824 bytes or more
// REMARK: remark: 64-bit index arithmetic kept: 'memref<?xf32>' is dynamic or spans 1073741824 bytes or more
// REMARK: remark: 64-bit index arithmetic kept: constant 2000000000 is 1073741824 or more
// CHECK-LABEL: gpu.module @large
// CHECK-NOT: dlti.dl_spec
gpu.module @large {
  gpu.func @k(%in: memref<536870912xf32>) kernel {
    gpu.return
  }
}

// -----

// A view whose offset puts its elements past 1 GiB of the base pointer.
// CHECK-LABEL: gpu.module @offset
// CHECK-NOT: dlti.dl_spec
gpu.module @offset {
  gpu.func @k(%in: memref<16xf32, strided<[1], offset: 300000000>>) kernel {
    gpu.return
  }
}

// -----

// A dynamic shape: its size is unknown at compile time.
// CHECK-LABEL: gpu.module @dynamic
// CHECK-NOT: dlti.dl_spec
gpu.module @dynamic {
  gpu.func @k(%in: memref<?xf32>) kernel {
    gpu.return
  }
}

// -----

// An index constant past 2^30 (a loop bound over a large flat range).
// CHECK-LABEL: gpu.module @constant
// CHECK-NOT: dlti.dl_spec
gpu.module @constant {
  gpu.func @k(%in: memref<16xf32>) kernel {
    %big = arith.constant 2000000000 : index
    gpu.return
  }
}
