package deps
import (
 _ "go.etcd.io/bbolt"
 _ "github.com/BurntSushi/toml"
 _ "github.com/prometheus/client_golang/prometheus"
 _ "github.com/prometheus/client_golang/prometheus/promhttp"
 _ "github.com/prometheus/client_golang/prometheus/testutil"
 _ "github.com/prometheus/client_golang/api"
 _ "github.com/prometheus/client_golang/api/prometheus/v1"
 _ "github.com/prometheus/common/expfmt"
 _ "github.com/prometheus/common/model"
 _ "github.com/robfig/cron/v3"
 _ "github.com/tidwall/gjson"
)
