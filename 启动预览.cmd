@echo off
chcp 65001 >nul
setlocal
rem 劳模工匠馆预览（Windows）：双击运行。与 启动预览.sh（Linux、macOS）和 README“在 Windows 上”一节做同样的几步：
rem 创建 .venv，按 requirements.lock 安装，然后 hall serve --open。文件须是 CRLF 换行、不带 BOM 的 UTF-8（见 .gitattributes）。
rem pushd 而不是 cd：展馆在网络共享（\\服务器\共享）上时，pushd 会临时映射一个盘符。
pushd "%~dp0"
title 劳模工匠馆 预览
echo ================================================================
echo   劳模工匠馆：在这台电脑上预览展馆
echo   第一次运行：创建 .venv 文件夹，安装展馆需要的软件（要联网，几分钟）。
echo   以后再双击：直接开始预览，并用默认浏览器打开。
echo   预览期间请不要关闭本窗口；关闭本窗口（或按 Ctrl+C）就结束预览。
echo ================================================================
echo.

set "VENV_PY=.venv\Scripts\python.exe"
set "STAMP=.venv\hall-installed"
if not exist "requirements.lock" goto :nolock
rem 已有能运行的 .venv 就不再创建（拷到别的电脑上、原来的 Python 不在了，就重新创建）
"%VENV_PY%" -c "pass" >nul 2>&1 && goto :check
call :findpython || goto :nopython
echo [1/3] 正在创建虚拟环境 .venv（只在第一次）……
%PY% -m venv --clear .venv || goto :novenv

:check
rem requirements.lock 或 pyproject.toml 与上次安装时的不同（展馆更新了），就再安装一次
fc /b requirements.lock "%STAMP%\requirements.lock" >nul 2>&1 || goto :install
fc /b pyproject.toml "%STAMP%\pyproject.toml" >nul 2>&1 || goto :install
goto :serve

:install
echo [2/3] 正在安装展馆需要的软件（版本按 requirements.lock）……
echo       第一次要下载几十 MB，需要几分钟。下面的英文是安装程序的进度，不用理会。
"%VENV_PY%" -m pip install --disable-pip-version-check -c requirements.lock -e . && goto :installed
echo.
echo 安装没有成功。请确认这台电脑能上网（浏览器能打开网页）。
choice /c YN /m "改用国内的软件镜像（清华大学 TUNA）再试一次吗"
if errorlevel 2 goto :failed
"%VENV_PY%" -m pip install --disable-pip-version-check -i https://pypi.tuna.tsinghua.edu.cn/simple -c requirements.lock -e . || goto :failed

:installed
if not exist "%STAMP%" mkdir "%STAMP%"
copy /y requirements.lock "%STAMP%\requirements.lock" >nul
copy /y pyproject.toml "%STAMP%\pyproject.toml" >nul

:serve
echo [3/3] 正在启动预览，浏览器稍后会自动打开 http://127.0.0.1:8000/
echo       （没有打开时，在浏览器里输入下面“预览：”后面的地址）
echo.
"%VENV_PY%" build_hall.py serve --open %*
if errorlevel 1 goto :stopped
popd
exit /b 0

:findpython
rem 需要 Python 3.10 或更新的版本：先找 python.org 安装程序带的 py，再找 python（Microsoft Store 的 Python）。
rem 没装 Python 时 Windows 自带的 python 只是打开应用商店的占位程序，运行不了下面的检查，所以不会被当成 Python。
py -3 -c "import sys; sys.exit(sys.version_info < (3, 10))" >nul 2>&1 && set "PY=py -3" && exit /b 0
python -c "import sys; sys.exit(sys.version_info < (3, 10))" >nul 2>&1 && set "PY=python" && exit /b 0
exit /b 1

:nopython
echo 没有找到 Python（需要 3.10 或更新的版本）。请先安装 Python，两种方法任选一种：
echo.
echo   方法一：打开 https://www.python.org/downloads/ ，点 Download Python 下载 Windows 安装程序并运行；
echo           安装程序第一页最下面一定要勾选“Add python.exe to PATH”（旧版本叫“Add Python to PATH”），
echo           再点“Install Now”；装完后在最后一页点“Disable path length limit”（解除路径长度限制）。
echo   方法二：打开“开始”菜单里的 Microsoft Store（微软应用商店），搜索 Python，安装 Python 3.12 或更新的版本。
echo.
echo 装好以后关闭本窗口，再双击“启动预览.cmd”。
goto :failed

:novenv
echo 创建虚拟环境 .venv 没有成功。请确认展馆文件夹可以写入（U 盘没有写保护、不是只读的共享文件夹），
echo 删除展馆文件夹里的 .venv 文件夹后再双击“启动预览.cmd”；仍然不行时，请重新安装 Python。
goto :failed

:nolock
echo 展馆文件夹里缺少 requirements.lock（记录要安装的软件版本）。请重新下载或拷贝完整的展馆文件夹。
goto :failed

:stopped
echo.
echo 预览已停止。上面写着原因（展品的错误会写明文件、行号和改法）。
goto :failed

:failed
echo.
pause
popd
exit /b 1
