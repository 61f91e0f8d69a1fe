package dev.hooks.listen;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.URIUtil;

/**
 * What both kinds of {@link Wire} know of a request, read from Jetty's own request (under the servlet path too), so
 * the two lanes see the same method, path, query, URL and headers. The kinds differ in reading the body and answering.
 */
abstract class JettyWire implements Wire {
    private final Request request;
    private final long arrived = System.nanoTime();

    JettyWire(Request request) {
        this.request = request;
    }

    @Override
    public final long arrived() {
        return arrived;
    }

    @Override
    public final String method() {
        return request.getMethod();
    }

    @Override
    public final String path() {
        return request.getHttpURI().getPath();
    }

    @Override
    public final String query() {
        return request.getHttpURI().getQuery();
    }

    @Override
    public final String fullUrl() {
        StringBuilder url = new StringBuilder(128);
        URIUtil.appendSchemeHostPort(url, request.getHttpURI().getScheme(), Request.getServerName(request),
                Request.getServerPort(request));
        url.append(path());
        String q = query();
        if (q != null) {
            url.append('?').append(q);
        }
        return url.toString();
    }

    @Override
    public final HttpFields fields() {
        return request.getHeaders();
    }

    @Override
    public final String connector() {
        String name = request.getConnectionMetaData().getConnector().getName();
        return name == null ? "" : name;
    }

    @Override
    public final long contentLength() {
        return request.getLength();
    }

    @Override
    public final String header(String name) {
        return request.getHeaders().get(name);
    }
}
