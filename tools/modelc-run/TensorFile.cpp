//===- TensorFile.cpp - Tensors in ONNX .pb and NumPy .npy files ----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "TensorFile.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace modelc::tools;

namespace {

bool endsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool readWholeFile(const std::string &path, std::string &bytes,
                   std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::ostringstream os;
  os << in.rdbuf();
  bytes = os.str();
  return true;
}

bool writeWholeFileAtomically(const std::string &path, const std::string &bytes,
                              std::string &error) {
  std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    out.close();
    if (!out) {
      std::remove(temporary.c_str());
      error = "cannot write '" + path + "'";
      return false;
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    error = "cannot write '" + path + "': " + std::strerror(errno);
    return false;
  }
  return true;
}

bool elementCount(const std::vector<int64_t> &dims, size_t &count) {
  count = 1;
  for (int64_t d : dims) {
    if (d < 0 || (d && count > SIZE_MAX / size_t(d)))
      return false;
    count *= size_t(d);
  }
  return true;
}

template <typename From, typename To>
void convertInto(const From &values, std::vector<char> &data) {
  data.resize(size_t(values.size()) * sizeof(To));
  To *out = reinterpret_cast<To *>(data.data());
  for (int i = 0; i < values.size(); ++i)
    out[i] = To(values.Get(i));
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

bool readTensorProto(const std::string &path, HostTensor &tensor,
                     std::string &error) {
  std::string bytes;
  if (!readWholeFile(path, bytes, error))
    return false;
  onnx::TensorProto proto;
  if (!proto.ParseFromString(bytes)) {
    error = "'" + path + "' is not a serialized ONNX TensorProto";
    return false;
  }
  tensor.name = proto.name();
  tensor.dtype = modelc_dtype_t(proto.data_type());
  size_t elementBytes = modelc_dtype_size(tensor.dtype);
  if (!elementBytes) {
    error = "'" + path + "': tensor '" + proto.name() + "' has data type " +
            std::to_string(proto.data_type()) + ", which modelc does not run";
    return false;
  }
  tensor.dims.assign(proto.dims().begin(), proto.dims().end());
  size_t count;
  if (!elementCount(tensor.dims, count)) {
    error = "'" + path + "': tensor '" + proto.name() + "' has a bad shape";
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "'" + path + "': tensors with external data are not supported";
    return false;
  }
  if (proto.has_raw_data()) {
    tensor.data.assign(proto.raw_data().begin(), proto.raw_data().end());
  } else {
    switch (tensor.dtype) {
    case MODELC_DTYPE_FLOAT32:
      convertInto<decltype(proto.float_data()), float>(proto.float_data(),
                                                       tensor.data);
      break;
    case MODELC_DTYPE_FLOAT64:
      convertInto<decltype(proto.double_data()), double>(proto.double_data(),
                                                         tensor.data);
      break;
    case MODELC_DTYPE_INT64:
      convertInto<decltype(proto.int64_data()), int64_t>(proto.int64_data(),
                                                         tensor.data);
      break;
    case MODELC_DTYPE_UINT32:
      convertInto<decltype(proto.uint64_data()), uint32_t>(proto.uint64_data(),
                                                           tensor.data);
      break;
    case MODELC_DTYPE_UINT64:
      convertInto<decltype(proto.uint64_data()), uint64_t>(proto.uint64_data(),
                                                           tensor.data);
      break;
    case MODELC_DTYPE_INT32:
      convertInto<decltype(proto.int32_data()), int32_t>(proto.int32_data(),
                                                         tensor.data);
      break;
    case MODELC_DTYPE_INT16:
      convertInto<decltype(proto.int32_data()), int16_t>(proto.int32_data(),
                                                         tensor.data);
      break;
    case MODELC_DTYPE_UINT16:
    case MODELC_DTYPE_FLOAT16:
    case MODELC_DTYPE_BFLOAT16:
      convertInto<decltype(proto.int32_data()), uint16_t>(proto.int32_data(),
                                                          tensor.data);
      break;
    case MODELC_DTYPE_INT8:
      convertInto<decltype(proto.int32_data()), int8_t>(proto.int32_data(),
                                                        tensor.data);
      break;
    case MODELC_DTYPE_UINT8:
    case MODELC_DTYPE_BOOL:
      convertInto<decltype(proto.int32_data()), uint8_t>(proto.int32_data(),
                                                         tensor.data);
      break;
    default:
      break;
    }
  }
  if (tensor.data.size() != count * elementBytes) {
    error = "'" + path + "': tensor '" + proto.name() + "' has " +
            std::to_string(tensor.data.size()) + " bytes of data, its shape " +
            "needs " + std::to_string(count * elementBytes);
    return false;
  }
  return true;
}

bool writeTensorProto(const std::string &path, const HostTensor &tensor,
                      std::string &error) {
  onnx::TensorProto proto;
  proto.set_name(tensor.name);
  proto.set_data_type(int32_t(tensor.dtype));
  for (int64_t d : tensor.dims)
    proto.add_dims(d);
  proto.set_raw_data(tensor.data.data(), tensor.data.size());
  std::string bytes;
  if (!proto.SerializeToString(&bytes)) {
    error = "cannot serialize '" + path + "'";
    return false;
  }
  return writeWholeFileAtomically(path, bytes, error);
}

//===----------------------------------------------------------------------===//
// NumPy .npy (format 1.0-3.0, little-endian, C order)
//===----------------------------------------------------------------------===//

struct NpyType {
  const char *descr;
  modelc_dtype_t dtype;
};

constexpr NpyType kNpyTypes[] = {
    {"<f4", MODELC_DTYPE_FLOAT32}, {"<f8", MODELC_DTYPE_FLOAT64},
    {"<f2", MODELC_DTYPE_FLOAT16}, {"|i1", MODELC_DTYPE_INT8},
    {"<i2", MODELC_DTYPE_INT16},   {"<i4", MODELC_DTYPE_INT32},
    {"<i8", MODELC_DTYPE_INT64},   {"|u1", MODELC_DTYPE_UINT8},
    {"<u2", MODELC_DTYPE_UINT16},  {"<u4", MODELC_DTYPE_UINT32},
    {"<u8", MODELC_DTYPE_UINT64},  {"|b1", MODELC_DTYPE_BOOL},
};

/// The value of `'key': ` in a .npy header dictionary, up to `end`.
bool npyField(const std::string &header, const std::string &key,
              std::string &value) {
  size_t at = header.find("'" + key + "'");
  if (at == std::string::npos)
    return false;
  at = header.find(':', at);
  if (at == std::string::npos)
    return false;
  ++at;
  while (at < header.size() && header[at] == ' ')
    ++at;
  size_t end;
  if (header[at] == '(')
    end = header.find(')', at) + 1;
  else if (header[at] == '\'')
    end = header.find('\'', at + 1) + 1;
  else
    end = header.find_first_of(",}", at);
  if (end == std::string::npos || end == 0)
    return false;
  value = header.substr(at, end - at);
  return true;
}

bool readNpy(const std::string &path, HostTensor &tensor, std::string &error) {
  std::string bytes;
  if (!readWholeFile(path, bytes, error))
    return false;
  auto bad = [&](const std::string &why) {
    error = "'" + path + "' is not a valid .npy file: " + why;
    return false;
  };
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
    return bad("no NumPy magic");
  unsigned major = uint8_t(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = uint8_t(bytes[8]) | size_t(uint8_t(bytes[9])) << 8;
    headerStart = 10;
  } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |= size_t(uint8_t(bytes[8 + i])) << (8 * i);
    headerStart = 12;
  } else {
    return bad("unknown format version " + std::to_string(major));
  }
  if (headerStart + headerLength > bytes.size())
    return bad("truncated header");
  std::string header = bytes.substr(headerStart, headerLength);
  std::string descr, order, shape;
  if (!npyField(header, "descr", descr) ||
      !npyField(header, "fortran_order", order) ||
      !npyField(header, "shape", shape))
    return bad("header lacks descr, fortran_order or shape");
  if (order != "False")
    return bad("Fortran order is not supported");
  if (descr.size() < 2)
    return bad("bad descr");
  descr = descr.substr(1, descr.size() - 2);
  if (descr == "<b1" || descr == "|?")
    descr = "|b1";
  if (descr == "<i1")
    descr = "|i1";
  if (descr == "<u1")
    descr = "|u1";
  tensor.dtype = MODELC_DTYPE_UNDEFINED;
  for (const NpyType &t : kNpyTypes)
    if (descr == t.descr)
      tensor.dtype = t.dtype;
  if (tensor.dtype == MODELC_DTYPE_UNDEFINED)
    return bad("unsupported dtype '" + descr + "'");
  tensor.dims.clear();
  std::string inside = shape.substr(1, shape.size() - 2);
  std::stringstream dims(inside);
  for (std::string item; std::getline(dims, item, ',');) {
    if (item.find_first_not_of(' ') == std::string::npos)
      continue;
    char *end = nullptr;
    long long d = std::strtoll(item.c_str(), &end, 10);
    if (d < 0 || (*end && *end != ' ' && *end != 'L'))
      return bad("bad shape " + shape);
    tensor.dims.push_back(d);
  }
  size_t count;
  if (!elementCount(tensor.dims, count))
    return bad("bad shape " + shape);
  size_t dataBytes = count * modelc_dtype_size(tensor.dtype);
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart != dataBytes)
    return bad("it holds " + std::to_string(bytes.size() - dataStart) +
               " data bytes, its shape needs " + std::to_string(dataBytes));
  tensor.name.clear();
  tensor.data.assign(bytes.begin() + long(dataStart), bytes.end());
  return true;
}

bool writeNpy(const std::string &path, const HostTensor &tensor,
              std::string &error) {
  const char *descr = nullptr;
  for (const NpyType &t : kNpyTypes)
    if (t.dtype == tensor.dtype)
      descr = t.descr;
  if (!descr) {
    error = "cannot write '" + path + "': NumPy has no " +
            modelc_dtype_name(tensor.dtype) + " type; save as .pb";
    return false;
  }
  std::string shape = "(";
  for (size_t i = 0; i < tensor.dims.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(tensor.dims[i]);
  shape += tensor.dims.size() == 1 ? ",)" : ")";
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += char(1);
  bytes += char(0);
  bytes += char(header.size() & 0xff);
  bytes += char(header.size() >> 8);
  bytes += header;
  bytes.append(tensor.data.begin(), tensor.data.end());
  return writeWholeFileAtomically(path, bytes, error);
}

float halfToFloat(uint16_t h) {
  uint32_t sign = uint32_t(h >> 15) << 31, exponent = (h >> 10) & 31,
           mantissa = h & 1023;
  uint32_t bits;
  if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent) {
    bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (!mantissa) {
    bits = sign;
  } else {
    // Subnormal: normalize.
    int shift = 0;
    while (!(mantissa & 1024)) {
      mantissa <<= 1;
      ++shift;
    }
    bits = sign | (uint32_t(113 - shift) << 23) | ((mantissa & 1023) << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

} // namespace

size_t HostTensor::numElements() const {
  size_t count = 1;
  for (int64_t d : dims)
    count *= size_t(d);
  return count;
}

modelc_tensor_t HostTensor::view() {
  return modelc_tensor_t{name.empty() ? nullptr : name.c_str(),
                         dtype,
                         int32_t(dims.size()),
                         dims.data(),
                         data.data(),
                         data.size()};
}

bool modelc::tools::readTensorFile(const std::string &path, HostTensor &tensor,
                                   std::string &error) {
  if (endsWith(path, ".npy"))
    return readNpy(path, tensor, error);
  if (endsWith(path, ".pb"))
    return readTensorProto(path, tensor, error);
  error = "'" + path + "': expected a .pb (ONNX TensorProto) or .npy file";
  return false;
}

bool modelc::tools::writeTensorFile(const std::string &path,
                                    const HostTensor &tensor,
                                    std::string &error) {
  if (endsWith(path, ".npy"))
    return writeNpy(path, tensor, error);
  if (endsWith(path, ".pb"))
    return writeTensorProto(path, tensor, error);
  error = "'" + path + "': expected a .pb or .npy file name";
  return false;
}

double modelc::tools::elementAsDouble(const HostTensor &tensor, size_t i) {
  const char *p = tensor.data.data();
  auto load = [&](auto zero) {
    decltype(zero) v;
    std::memcpy(&v, p + i * sizeof(v), sizeof(v));
    return v;
  };
  switch (tensor.dtype) {
  case MODELC_DTYPE_FLOAT32:
    return load(float());
  case MODELC_DTYPE_FLOAT64:
    return load(double());
  case MODELC_DTYPE_FLOAT16:
    return halfToFloat(load(uint16_t()));
  case MODELC_DTYPE_BFLOAT16: {
    uint32_t bits = uint32_t(load(uint16_t())) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
  case MODELC_DTYPE_INT8:
    return load(int8_t());
  case MODELC_DTYPE_INT16:
    return load(int16_t());
  case MODELC_DTYPE_INT32:
    return load(int32_t());
  case MODELC_DTYPE_INT64:
    return double(load(int64_t()));
  case MODELC_DTYPE_UINT8:
  case MODELC_DTYPE_BOOL:
    return load(uint8_t());
  case MODELC_DTYPE_UINT16:
    return load(uint16_t());
  case MODELC_DTYPE_UINT32:
    return load(uint32_t());
  case MODELC_DTYPE_UINT64:
    return double(load(uint64_t()));
  default:
    return NAN;
  }
}

uint16_t modelc::tools::floatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  uint32_t sign = (bits >> 16) & 0x8000u, exponent = (bits >> 23) & 0xff,
           mantissa = bits & 0x7fffffu;
  if (exponent == 0xff) // infinity, NaN (kept quiet)
    return uint16_t(sign | 0x7c00u | (mantissa ? 0x200u : 0u));
  int halfExponent = int(exponent) - 127 + 15;
  if (halfExponent >= 31)
    return uint16_t(sign | 0x7c00u);
  // The significand shifted so 10 bits remain (fewer for subnormals),
  // rounded to nearest even; a carry into the exponent is correct.
  uint32_t significand = mantissa | (exponent ? 0x800000u : 0u);
  int shift = halfExponent > 0 ? 13 : 14 - halfExponent;
  if (shift > 24)
    return uint16_t(sign);
  uint32_t kept = significand >> shift,
           rest = significand & ((1u << shift) - 1), half = 1u << (shift - 1);
  if (rest > half || (rest == half && (kept & 1)))
    ++kept;
  if (halfExponent > 0)
    return uint16_t(sign + (uint32_t(halfExponent - 1) << 10) + kept);
  return uint16_t(sign | kept);
}

uint16_t modelc::tools::floatToBFloat16(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if ((bits & 0x7fffffffu) > 0x7f800000u) // NaN, kept quiet
    return uint16_t((bits >> 16) | 0x40u);
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return uint16_t(bits >> 16);
}
