// HttpExchange: one HTTP request and its answer, as route handlers see them. A handler either
// sends a whole response (SendJson, SendText, SendError) or starts a stream (SendStream) whose
// producer runs after the handler returns, on the same thread, writing chunks until it is done
// or the client goes away.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <httplib.h>

#include "server/http/error_body.h"
#include "server/http/request_record.h"

namespace hearth::server {

// Where a stream's producer writes. Write() returns false once the client is gone (the
// connection failed or closed); the producer should then stop and cancel its work.
class StreamWriter {
 public:
  explicit StreamWriter(httplib::DataSink& sink) : sink_(sink) {}
  bool Write(std::string_view data);
  bool ok() const { return ok_; }

 private:
  httplib::DataSink& sink_;
  bool ok_ = true;
};

using StreamProducer = std::function<void(StreamWriter& writer)>;
// Called once when a stream ends (or is dropped before it started), with its record.
using StreamFinisher = std::function<void(const RequestRecord& record)>;

class HttpExchange {
 public:
  HttpExchange(const httplib::Request& request, httplib::Response& response, ErrorStyle style,
               std::shared_ptr<RequestRecord> record, StreamFinisher finish_stream);

  const httplib::Request& request() const { return request_; }
  const std::string& body() const { return request_.body; }
  // The i-th group of the route's pattern (1-based, as std::regex numbers them).
  std::string PathGroup(size_t i) const;
  RequestRecord& record() { return *record_; }
  // The record, for a stream producer that outlives the handler.
  std::shared_ptr<RequestRecord> shared_record() const { return record_; }
  ErrorStyle error_style() const { return style_; }

  void SendJson(int status, const Json& body);
  void SendText(int status, std::string body, std::string_view content_type);
  void SendError(const ApiError& error);
  // Answers 200 with `content_type`, chunked; `producer` writes the body.
  void SendStream(std::string_view content_type, StreamProducer producer);

  bool streaming() const { return streaming_; }
  int status() const { return response_.status; }

 private:
  const httplib::Request& request_;
  httplib::Response& response_;
  ErrorStyle style_;
  std::shared_ptr<RequestRecord> record_;
  StreamFinisher finish_stream_;
  bool streaming_ = false;
};

}  // namespace hearth::server
