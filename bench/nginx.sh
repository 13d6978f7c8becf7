# Shared by the passthrough benchmarks: source it after setting `work` (a directory the servers may write to).

# The upstream's answer to every call: a small JSON body.
upstream_answer="location / { default_type application/json; return 200 '{\"id\":\"7\",\"name\":\"Ada\",\"email\":\"ada@example.com\"}'; }"

# Starts nginx (daemonized, pid in $work/$1.pid) with configuration $1: $2 workers, server block(s) $3.
nginx_conf() {
    cat >"$work/$1.conf" <<CONF
worker_processes $2;
daemon on;
pid $work/$1.pid;
error_log $work/$1.error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/$1-body; proxy_temp_path $work/$1-proxy; fastcgi_temp_path $work/$1-fcgi;
    uwsgi_temp_path $work/$1-uwsgi; scgi_temp_path $work/$1-scgi;
    keepalive_requests 1000000;
    $3
}
CONF
    nginx -c "$work/$1.conf" -p "$work"
}
