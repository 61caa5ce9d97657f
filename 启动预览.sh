#!/bin/sh
# 劳模工匠馆预览（Linux、macOS）：与 启动预览.cmd 和 README“在 Windows 上”一节做同样的几步：
# 创建 .venv，按 requirements.lock 安装，然后 hall serve --open。参数原样交给 hall serve（如 --dev-addr 127.0.0.1:8001）。
# tests/test_setup.py 在一份新克隆上运行它：第一次安装，以后只启动预览。
set -u
cd "$(dirname "$0")" || exit 1
VENV_PY=.venv/bin/python
STAMP=.venv/hall-installed

echo "劳模工匠馆：在这台电脑上预览展馆。"
echo "第一次运行会创建 .venv 并安装展馆需要的软件（要联网，几分钟）；以后直接开始预览，并用默认浏览器打开。"
echo "按 Ctrl+C 结束预览。"
echo

fail() {
    printf '%s\n' "$@" >&2
    exit 1
}

find_python() {  # Python 3.10 or newer
    for candidate in python3 python; do
        if "$candidate" -c "import sys; sys.exit(sys.version_info < (3, 10))" >/dev/null 2>&1; then
            PY=$candidate
            return 0
        fi
    done
    return 1
}

install() {
    "$VENV_PY" -m pip install --disable-pip-version-check "$@" -c requirements.lock -e .
}

[ -f requirements.lock ] || fail "展馆文件夹里缺少 requirements.lock（记录要安装的软件版本）。请重新下载或拷贝完整的展馆文件夹。"
if ! "$VENV_PY" -c pass >/dev/null 2>&1; then  # none yet, or made by a Python that is gone
    find_python || fail "没有找到 Python（需要 3.10 或更新的版本）。请先安装：" \
        "  Debian、Ubuntu：sudo apt install python3 python3-venv" \
        "  macOS：从 https://www.python.org/downloads/ 下载安装程序，或 brew install python" \
        "装好以后再运行 ./启动预览.sh。"
    echo "[1/3] 正在创建虚拟环境 .venv（只在第一次）……"
    "$PY" -m venv --clear .venv || fail "创建虚拟环境 .venv 没有成功。Debian、Ubuntu 上请先 sudo apt install python3-venv，" \
        "删除 .venv 文件夹后再运行 ./启动预览.sh。"
fi
if ! cmp -s requirements.lock "$STAMP/requirements.lock" || ! cmp -s pyproject.toml "$STAMP/pyproject.toml"; then
    echo "[2/3] 正在安装展馆需要的软件（版本按 requirements.lock）……下面的英文是安装程序的进度，不用理会。"
    if ! install; then
        echo "安装没有成功。请确认这台电脑能上网。"
        answer=n
        [ -t 0 ] && printf '改用国内的软件镜像（清华大学 TUNA）再试一次吗？[y/N] ' && read -r answer
        case "$answer" in
            [yY]*) install -i https://pypi.tuna.tsinghua.edu.cn/simple || exit 1 ;;
            *) exit 1 ;;
        esac
    fi
    mkdir -p "$STAMP" && cp requirements.lock pyproject.toml "$STAMP/"
fi
echo "[3/3] 正在启动预览，浏览器稍后会自动打开（没有打开时，在浏览器里输入下面“预览：”后面的地址）。"
exec "$VENV_PY" build_hall.py serve --open "$@"
