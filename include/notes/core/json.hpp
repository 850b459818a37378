#pragma once
// A small streaming JSON writer: enough for the front-matter column and the
// command-line output, with exact escaping and no dependency.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace notes {

/// Appends `s` to `out` as a JSON string literal (quotes included). Control
/// characters are escaped; ill-formed UTF-8 becomes U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// `ids` as a JSON array of integers, e.g. for SQL's
/// `IN (SELECT value FROM json_each(?))`.
std::string json_int_array(const std::vector<std::int64_t>& ids);

/// Builds one JSON value. Commas are inserted automatically:
///   JsonWriter w; w.begin_object(); w.key("a"); w.value(1); w.end_object();
class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view k);
    JsonWriter& value(std::string_view s);
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(std::int64_t n);
    JsonWriter& value(int n) { return value(static_cast<std::int64_t>(n)); }
    JsonWriter& value(double d);
    JsonWriter& value(bool b);
    JsonWriter& null();
    /// `s`, or null when it is empty (the documented JSON says null for "none").
    JsonWriter& text_or_null(std::string_view s) { return s.empty() ? null() : value(s); }
    /// Inserts already-serialised JSON (e.g. a stored front-matter object).
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return m_out; }
    std::string take() { return std::move(m_out); }

private:
    void before_value();
    std::string m_out;
    std::vector<bool> m_first;  // per open container: no element yet
    bool m_after_key = false;
};

}  // namespace notes
