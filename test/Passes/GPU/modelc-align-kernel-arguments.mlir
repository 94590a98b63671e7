// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-align-kernel-arguments))" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-align-kernel-arguments{alignment=64}))" | FileCheck %s --check-prefix=WIDE
// RUN: not modelc-opt %s --split-input-file --pass-pipeline="builtin.module(gpu.module(modelc-align-kernel-arguments{alignment=24}))" 2>&1 | FileCheck %s --check-prefix=BAD

// Every pointer argument of a kernel (nvvm.kernel) is declared aligned as
// the runtime guarantees (16 bytes by default); other arguments and
// functions that are not kernels are left alone.
// CHECK-LABEL: llvm.func @kernel(
// CHECK-SAME: %{{.*}}: !llvm.ptr {llvm.align = 16 : i64}, %{{.*}}: i32, %{{.*}}: !llvm.ptr {llvm.align = 16 : i64})
// CHECK-LABEL: llvm.func @helper(
// CHECK-SAME: %{{.*}}: !llvm.ptr)
// WIDE: !llvm.ptr {llvm.align = 64 : i64}
// BAD: error: alignment must be a power of two up to 256, not 24
module attributes {gpu.container_module} {
  gpu.module @kernels {
    llvm.func @kernel(%a: !llvm.ptr, %n: i32, %b: !llvm.ptr) attributes {gpu.kernel, nvvm.kernel} {
      llvm.return
    }
    llvm.func @helper(%a: !llvm.ptr) {
      llvm.return
    }
  }
}
