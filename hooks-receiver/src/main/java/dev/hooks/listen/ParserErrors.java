package dev.hooks.listen;

import java.util.List;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests its HTTP parser refuses (a malformed request line, headers over Jetty's own limit,
 * conflicting Content-Length headers), answered as Jetty does with a short plain body, and also recorded and
 * emitted like every other request.
 */
final class ParserErrors extends ErrorHandler {
    private final Recorder recorder;

    ParserErrors(Recorder recorder) {
        this.recorder = recorder;
        setShowStacks(false);
        setShowMessageInTitle(true);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Object cause = request.getAttribute(ERROR_EXCEPTION);
        Object status = request.getAttribute(ERROR_STATUS);
        if (cause instanceof HttpException he) {
            try {
                HttpURI uri = request.getHttpURI();
                List<dev.hooks.store.StoredDelivery.Header> headers = RequestReader.headersOf(request.getHeaders());
                int code = status instanceof Integer i ? i : he.getCode();
                recorder.parserError(request.getMethod(), uri == null ? null : uri.getPath(),
                        uri == null ? null : uri.getQuery(), headers, code,
                        "refused by the HTTP parser: " + code + " " + org.eclipse.jetty.http.HttpStatus.getMessage(code)
                                + (he.getReason() == null ? "" : " (" + he.getReason() + ")"));
            } catch (RuntimeException ignored) {
                // recording must never stop the answer
            }
        }
        return super.handle(request, response, callback);
    }

    @Override
    public java.nio.ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        try {
            recorder.parserError(null, null, null, List.of(), status, "refused by the HTTP parser: " + status + " "
                    + org.eclipse.jetty.http.HttpStatus.getMessage(status) + (reason == null ? "" : " (" + reason + ")"));
        } catch (RuntimeException ignored) {
            // recording must never stop the answer
        }
        return super.badMessageError(status, reason, fields);
    }
}
