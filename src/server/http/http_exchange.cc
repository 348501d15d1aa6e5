#include "server/http/http_exchange.h"

#include <exception>

namespace hearth::server {

bool StreamWriter::Write(std::string_view data) {
  if (!ok_) return false;
  if (data.empty()) return true;  // an empty chunk would end the chunked body
  ok_ = sink_.is_writable() && sink_.write(data.data(), data.size());
  return ok_;
}

HttpExchange::HttpExchange(const httplib::Request& request, httplib::Response& response,
                           ErrorStyle style, std::shared_ptr<RequestRecord> record,
                           StreamFinisher finish_stream)
    : request_(request),
      response_(response),
      style_(style),
      record_(std::move(record)),
      finish_stream_(std::move(finish_stream)) {}

std::string HttpExchange::PathGroup(size_t i) const {
  return i < request_.matches.size() ? request_.matches[i].str() : std::string();
}

void HttpExchange::SendJson(int status, const Json& body) {
  SendText(status, DumpJson(body), "application/json; charset=utf-8");
}

void HttpExchange::SendText(int status, std::string body, std::string_view content_type) {
  response_.status = status;
  response_.set_content(std::move(body), std::string(content_type));
}

void HttpExchange::SendError(const ApiError& error) {
  if (error.retry_after_seconds > 0) {
    response_.set_header("Retry-After", std::to_string(error.retry_after_seconds));
  }
  SendJson(error.http_status, ErrorJson(error, style_));
}

void HttpExchange::SendStream(std::string_view content_type, StreamProducer producer) {
  streaming_ = true;
  response_.status = 200;
  response_.set_header("Cache-Control", "no-cache");
  response_.set_header("X-Accel-Buffering", "no");  // proxies: pass each chunk on at once
  auto shared_producer = std::make_shared<StreamProducer>(std::move(producer));
  response_.set_chunked_content_provider(
      std::string(content_type),
      [shared_producer](size_t /*offset*/, httplib::DataSink& sink) {
        StreamWriter writer(sink);
        bool ok = true;
        try {
          if (*shared_producer) (*shared_producer)(writer);
        } catch (const std::exception&) {
          ok = false;  // a bug of ours: end the stream (and the connection) unfinished
        }
        // Release the producer's state (its job, and so its engine slots) before the
        // connection winds down.
        *shared_producer = nullptr;
        ok = ok && writer.ok();
        if (ok) sink.done();
        return ok;
      },
      [record = record_, finish = finish_stream_](bool /*success*/) { finish(*record); });
}

}  // namespace hearth::server
