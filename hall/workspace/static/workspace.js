// The curators' workspace: a form per exhibit, made by JSON Editor from the schema the server sends; every
// check is the server's (the same as `hall check`), shown at its field in the check's own words.
(function () {
  'use strict'
  const $ = (id) => document.getElementById(id)
  const KINDS = { people: '人物', artifacts: '匠品', collectives: '集体', lessons: '劳动课', exhibitions: '展览', pages: '本馆页面', events: '活动' }
  const PER_PAGE = 50
  const state = { editor: null, path: null, digest: null, kind: null, slug: null, timer: null, page: 1 }

  JSONEditor.defaults.languages.zh = {
    button_add_row_title: '添加{{0}}', button_delete_row_title: '删除这项{{0}}', button_delete_row_title_short: '删除',
    button_move_down_title: '下移', button_move_up_title: '上移', button_copy_row_title: '复制{{0}}',
    button_copy_row_title_short: '复制', button_delete_all: '全部', button_delete_all_title: '全部删除',
    button_delete_last: '最后一项{{0}}', button_delete_last_title: '删除最后一项{{0}}', button_collapse: '收起',
    button_expand: '展开', button_add: '添加', button_save: '保存', button_cancel: '取消', button_copy: '复制',
    button_properties: '字段', button_object_properties: '字段', button_edit_json: '编辑 JSON',
    default_array_item_title: '项', button_delete_node_warning: '确定删除这一项吗？', table_controls: '操作'
  }
  JSONEditor.defaults.language = 'zh'

  async function api (name, { query, body, raw, type } = {}) {
    const url = 'api/' + name + (query ? '?' + new URLSearchParams(query) : '')
    const options = body === undefined && raw === undefined ? {} : {
      method: 'POST',
      headers: { 'Content-Type': type || 'application/json' },
      body: raw !== undefined ? raw : JSON.stringify(body)
    }
    const response = await fetch(url, options)
    const result = await response.json()
    return { status: response.status, ...result }
  }

  function say (id, text, kind) {
    const box = $(id)
    box.textContent = text
    box.className = kind || ''
  }

  // --- the to-do view (待办): the server sorts, finds and cuts it into pages ------------------------------
  async function showHome () {
    $('editor').hidden = true
    $('home').hidden = false
    await renderList()
  }

  async function renderList () {
    const todo = await api('todo', { query: { page: state.page, q: $('filter').value.trim() } })
    if (todo.status !== 200) return say('counts', todo.error, 'error')
    state.page = todo.page
    const lacking = Object.entries(todo.lacking).map(([what, n]) => `${what} ${n} 件`).join('，')
    say('counts', `全馆 ${todo.total} 个文件：${todo.errors} 个错误，${todo.warnings} 个警告` +
      (lacking ? `；还缺：${lacking}` : '') + '。有问题的排在前面。' +
      (todo.found !== todo.total ? `找到 ${todo.found} 个。` : ''))
    const list = $('todo')
    list.replaceChildren()
    list.start = (todo.page - 1) * PER_PAGE + 1
    for (const e of todo.items) {
      const item = document.createElement('li')
      const link = document.createElement('a')
      link.href = '#edit=' + e.path
      link.textContent = `${e.title}（${KINDS[e.kind]}）`
      const notes = []
      if (e.errors) notes.push(`${e.errors} 个错误`)
      if (e.warnings) notes.push(`${e.warnings} 个警告`)
      notes.push(...e.lacks)
      const detail = document.createElement('span')
      detail.className = e.errors ? 'error' : e.warnings ? 'warning' : 'note'
      detail.textContent = notes.length ? '：' + notes.join('，') : '：没有问题'
      item.append(link, detail)
      list.append(item)
    }
    pager(todo)
  }

  function pager (todo) {
    const nav = $('pager')
    nav.replaceChildren()
    if (todo.pages < 2) return
    const go = (n, text, current) => {
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = text
      if (current) button.setAttribute('aria-current', 'page')
      button.disabled = n < 1 || n > todo.pages
      button.addEventListener('click', () => { state.page = n; renderList() })
      nav.append(button)
    }
    go(todo.page - 1, '上一页')
    const shown = new Set([1, todo.pages, todo.page - 1, todo.page, todo.page + 1])
    let last = 0
    for (const n of [...shown].filter((n) => n >= 1 && n <= todo.pages).sort((a, b) => a - b)) {
      if (n > last + 1) nav.append('…')
      go(n, `第 ${n} 页`, n === todo.page)
      last = n
    }
    go(todo.page + 1, '下一页')
  }

  // --- the form -----------------------------------------------------------------------------------------
  async function fillLists () {
    const lists = await api('lists')
    const holder = $('lists')
    holder.replaceChildren()
    state.regions = lists.region_tree
    for (const [name, entries] of Object.entries(lists)) {
      if (name === 'status' || name === 'region_tree') continue
      holder.append(datalist('hall-list-' + name, entries))
    }
  }

  function datalist (id, entries) {
    const list = document.getElementById(id) || document.createElement('datalist')
    list.id = id
    list.replaceChildren(...entries.map(([value, label]) => {
      const option = document.createElement('option')
      option.value = value
      if (label) option.label = label
      return option
    }))
    return list
  }

  // The region as three pickers, province → city → county, each suggesting (as one types) what the level above
  // holds; they write the one field 地区 the file has (浙江省/台州市/玉环市), which stays the checked value.
  const LEVELS = ['省（自治区、直辖市）', '市（州、盟）', '县（市、区）']
  function regionPickers () {
    const editor = state.editor.getEditor('root.region')
    if (!editor || !editor.input || !state.regions) return
    editor.input.hidden = true
    if (editor.label) editor.label.hidden = true
    const group = document.createElement('fieldset')
    group.className = 'regions row'
    const legend = document.createElement('legend')
    legend.textContent = '地区'
    group.append(legend)
    const parts = (editor.getValue() || '').split('/')
    const inputs = LEVELS.map((level, i) => {
      const label = document.createElement('label')
      label.textContent = level
      const input = document.createElement('input')
      input.autocomplete = 'off'
      input.setAttribute('list', 'hall-region-' + i)
      input.value = i < 2 ? parts[i] || '' : parts.slice(2).join('/')
      label.append(input)
      group.append(label, datalist('hall-region-' + i, []))
      return input
    })
    const suggest = () => {
      const cities = state.regions[inputs[0].value.trim()] || {}
      datalist('hall-region-0', Object.keys(state.regions).map((p) => [p, '']))
      datalist('hall-region-1', Object.keys(cities).map((c) => [c, '']))
      datalist('hall-region-2', (cities[inputs[1].value.trim()] || []).map((c) => [c, '']))
    }
    for (const input of inputs) {
      input.addEventListener('input', () => {
        suggest()
        const value = inputs.map((x) => x.value.trim())
        while (value.length && !value[value.length - 1]) value.pop()
        editor.setValue(value.join('/'))
      })
    }
    suggest()
    editor.input.parentNode.insertBefore(group, editor.input)
    state.regionInputs = inputs
  }

  async function open (path) {
    $('home').hidden = true
    $('editor').hidden = false
    $('conflict').hidden = true
    const file = await api('open', { query: { path } })
    if (file.status !== 200) return say('summary', file.error, 'error')
    load(file)
    await history()
  }

  function load (file) {
    state.path = file.path
    state.digest = file.digest
    state.kind = file.kind
    state.slug = file.path.split('/')[1].replace(/\.md$/, '')
    $('file').textContent = 'exhibits/' + file.path
    $('page-link').href = file.page
    $('editor-title').textContent = `编辑${KINDS[file.kind]}：${(file.data && (file.data.name || file.data.title)) || state.slug}`
    if (state.editor) state.editor.destroy()
    state.editor = null
    $('unreadable').hidden = file.data !== null
    $('form').hidden = $('drop').hidden = file.data === null
    if (file.data === null) return showProblems(file.problems)
    $('story').value = file.story
    state.editor = new JSONEditor($('form'), {
      schema: file.schema,
      theme: 'html',
      disable_edit_json: true,
      disable_properties: true,
      disable_collapse: true,
      disable_array_delete_all_rows: true,
      disable_array_delete_last_row: true,
      prompt_before_delete: false,
      show_errors: 'never', // the server's checks are the ones shown, in the check's own words
      use_default_values: false,
      no_additional_properties: true
    })
    state.editor.on('ready', () => {
      // as the first value (initial): fields the file leaves out stay in the form, empty, instead of going
      state.editor.root.setValue(file.data, true)
      regionPickers()
      state.editor.on('change', later)
      showProblems(file.problems)
      preview(file.preview)
    })
    say('summary', '')
  }

  function later () {
    clearTimeout(state.timer)
    state.timer = setTimeout(check, 500)
  }

  function values () {
    return { path: state.path, data: state.editor.getValue(), story: $('story').value, digest: state.digest }
  }

  async function check () {
    if (!state.editor) return
    const result = await api('check', { body: values() })
    if (result.status !== 200) return say('summary', result.error, 'error')
    showProblems(result.problems)
    preview(result.preview)
    return result
  }

  function preview (html) {
    if (html !== undefined) $('preview').innerHTML = html // the site's own Markdown, sanitised by the server
  }

  function fieldEditor (field) {
    for (let n = field.length; n >= 0; n--) {
      const found = state.editor && state.editor.getEditor(['root', ...field.slice(0, n)].join('.'))
      if (found) return found
    }
    return null
  }

  function showProblems (problems) {
    document.querySelectorAll('.hall-problem').forEach((p) => p.remove())
    document.querySelectorAll('[aria-invalid]').forEach((el) => {
      el.removeAttribute('aria-invalid')
      el.removeAttribute('aria-describedby')
    })
    problems.forEach((p, i) => {
      const box = document.createElement('p')
      box.className = 'hall-problem ' + p.severity
      box.id = 'hall-problem-' + i
      box.dataset.code = p.code
      box.dataset.field = p.field.join('.')
      box.textContent = `${p.severity === 'error' ? '错误' : '警告'} ${p.code} ${p.message}${p.hint ? '（' + p.hint + '）' : ''}`
      let input = null
      if (p.field[0] === 'story') {
        $('story-problems').append(box)
        input = $('story')
      } else {
        const editor = fieldEditor(p.field)
        const holder = editor && editor.container !== state.editor.root.container ? editor.container : $('summary')
        if (editor && editor.input && editor.input.parentNode) {
          editor.input.parentNode.insertBefore(box, editor.input.nextSibling)
          input = editor.input.hidden && p.field[0] === 'region' ? state.regionInputs[0] : editor.input
        } else {
          holder.prepend(box)
        }
      }
      if (input && p.severity === 'error') {
        input.setAttribute('aria-invalid', 'true')
        input.setAttribute('aria-describedby', box.id)
      }
    })
    const errors = problems.filter((p) => p.severity === 'error').length
    const warnings = problems.length - errors
    $('save').dataset.errors = errors
    const line = document.createElement('p')
    line.className = 'hall-problem ' + (errors ? 'error' : warnings ? 'warning' : 'ok')
    line.textContent = errors ? `有 ${errors} 个错误要先改正才能保存` + (warnings ? `，另有 ${warnings} 个警告。` : '。')
      : warnings ? `没有错误，有 ${warnings} 个警告（可以保存）。` : '检查通过，没有问题。'
    $('summary').prepend(line)
  }

  async function save (force) {
    clearTimeout(state.timer)
    const body = values()
    if (force) body.digest = force
    const result = await api('save', { body })
    if (result.status === 409) return conflict(result)
    if (result.status === 422 && result.problems) {
      showProblems(result.problems)
      return say('drop-message', '')
    }
    if (result.status !== 200) return say('summary', result.error, 'error')
    state.digest = result.digest
    $('conflict').hidden = true
    showProblems(result.problems)
    const done = document.createElement('p')
    done.className = 'hall-problem ok'
    done.setAttribute('role', 'status')
    done.textContent = result.saved ? '已保存。预览会在几秒内更新。' : '没有改动，不需要保存。'
    $('summary').prepend(done)
    await history()
  }

  function conflict (result) {
    $('conflict').hidden = false
    $('disk-text').textContent = result.disk ? result.disk.text : '（文件已被删除）'
    $('your-text').textContent = result.yours || ''
    state.disk = result.disk
    $('conflict').scrollIntoView()
  }

  // --- history --------------------------------------------------------------------------------------------
  async function history () {
    const { versions } = await api('history', { query: { path: state.path } })
    const list = $('versions')
    list.replaceChildren()
    if (!versions.length) list.innerHTML = '<li>还没有保存过的旧版本。</li>'
    for (const v of versions) {
      const item = document.createElement('li')
      item.append(`${v.time}（${v.size} 字节） `)
      const show = document.createElement('button')
      show.type = 'button'
      show.textContent = '查看'
      show.addEventListener('click', async () => {
        const { text } = await api('version', { query: { path: state.path, id: v.id } })
        $('version-text').hidden = false
        $('version-text').textContent = text
      })
      const restore = document.createElement('button')
      restore.type = 'button'
      restore.textContent = '恢复这个版本'
      restore.addEventListener('click', async () => {
        const result = await api('restore', { body: { path: state.path, version: v.id, digest: state.digest } })
        if (result.status === 409) return conflict(result)
        if (result.status !== 200) return say('summary', result.error, 'error')
        await open(state.path)
        const done = document.createElement('p')
        done.className = 'hall-problem ok'
        done.textContent = `已恢复 ${v.time} 的版本（恢复前的版本也存入了历史）。`
        $('summary').prepend(done)
      })
      item.append(show, ' ', restore)
      list.append(item)
    }
  }

  // --- photos ---------------------------------------------------------------------------------------------
  async function upload (file) {
    say('drop-message', '正在检查照片……')
    const result = await api('upload', { query: { path: state.path, name: file.name }, raw: file, type: file.type || 'application/octet-stream' })
    if (result.status !== 200) {
      return say('drop-message', `没有存入：${result.code ? result.code + ' ' : ''}${result.error}${result.hint ? '（' + result.hint + '）' : ''}`, 'error')
    }
    state.path = result.path
    $('file').textContent = 'exhibits/' + result.path
    const value = state.editor.getValue()
    const image = { src: result.src, alt: '' }
    let where
    if (state.kind === 'people') {
      value.portrait = Object.assign({}, value.portrait || {}, image)
      where = 'root.portrait.alt'
    } else {
      value.images = (value.images || []).filter((i) => i.src).concat([image])
      where = `root.images.${value.images.length - 1}.alt`
    }
    state.editor.setValue(value)
    say('drop-message', `已存入 ${result.src}。请填写“替代文本”：用一句话写明图中是谁、在做什么，然后保存。`, 'ok')
    const alt = state.editor.getEditor(where)
    if (alt && alt.input) alt.input.focus()
    await check()
  }

  function setUpDrop () {
    const drop = $('drop')
    drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('over') })
    drop.addEventListener('dragleave', () => drop.classList.remove('over'))
    drop.addEventListener('drop', (event) => {
      event.preventDefault()
      drop.classList.remove('over')
      if (event.dataTransfer.files.length) upload(event.dataTransfer.files[0])
    })
    $('photo').addEventListener('change', (event) => { if (event.target.files.length) upload(event.target.files[0]) })
  }

  // --- a union's roster (导入名单): the import's dry run, the columns mapped, then the import ---------------
  const imported = { upload: null }

  function showImport (result) {
    say('import-message', result.error || '', result.error ? 'error' : '')
    if (result.error) return
    imported.upload = result.upload || imported.upload
    $('import-result').hidden = false
    $('import-confirm').disabled = Boolean(result.written)
    const body = $('import-columns')
    body.replaceChildren()
    for (const c of result.columns) {
      const row = body.insertRow()
      row.insertCell().textContent = c.letter
      row.insertCell().textContent = c.header || '（无表头）'
      const cell = row.insertCell()
      if (c.private || !c.header) { cell.textContent = c.why || '不导入'; continue }
      const choice = document.createElement('select')
      choice.dataset.header = c.header
      choice.setAttribute('aria-label', `第 ${c.letter} 列“${c.header}”导入为`)
      for (const [field, label] of [['', '不导入'], ...result.fields]) choice.add(new Option(label, field, false, field === c.field))
      choice.addEventListener('change', () => { // confirm only what a dry run has shown
        $('import-confirm').disabled = true
        say('import-message', '对应关系改过了：请先点“按改过的对应关系再试运行”，看过结果再确认导入。')
      })
      cell.append(choice)
      if (c.why && !c.field) cell.append(` ${c.why}`)
    }
    const rows = $('import-rows')
    rows.replaceChildren()
    for (const r of result.rows) {
      const row = rows.insertRow()
      row.insertCell().textContent = r.row
      row.insertCell().textContent = r.text
    }
    if (!result.rows.length) rows.insertRow().insertCell().textContent = '没有有错误的行。'
    $('import-lines').textContent = result.lines.join('\n')
    if (result.written) say('import-message', `已导入，写入 exhibits/registers/${result.register}.csv。`, 'ok')
  }

  async function runImport (confirm) {
    const maps = {}
    for (const choice of document.querySelectorAll('#import-columns select')) maps[choice.dataset.header] = choice.value
    say('import-message', confirm ? '正在导入……' : '正在试运行……')
    showImport(await api('import', { body: { upload: imported.upload, maps, register: $('register').value, profiles: $('profiles').checked, confirm } }))
  }

  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const file = $('roster').files[0]
    if (!file) return say('import-message', '请先点“选择名单文件”，选一个 Excel（.xlsx）或 CSV 名单。')
    say('import-message', '正在检查并试运行……')
    $('import-result').hidden = true
    showImport(await api('roster', { query: { name: file.name }, raw: file, type: 'application/octet-stream' }))
  })
  // the browser's own chooser says "No file chosen" in its language: the hall's label says what was chosen
  $('roster').addEventListener('change', (event) => {
    const file = event.target.files[0]
    $('roster-name').textContent = file ? file.name : '还没有选择文件'
  })
  $('import-again').addEventListener('click', () => runImport(false))
  $('import-confirm').addEventListener('click', () => runImport(true))

  // --- routes ---------------------------------------------------------------------------------------------
  async function route () {
    const hash = decodeURIComponent(location.hash.slice(1))
    $('import').hidden = hash !== 'import'
    if (hash === 'import') { $('home').hidden = $('editor').hidden = true; return }
    if (hash.startsWith('edit=')) return open(hash.slice(5))
    if (hash.startsWith('open=')) { // from a page's 编辑 button: kind/slug
      const [kind, slug] = hash.slice(5).split('/')
      const found = await api('find', { query: { kind, slug } })
      if (found.path) return void location.replace('#edit=' + found.path)
    }
    return showHome()
  }

  $('new-form').addEventListener('submit', async (event) => {
    event.preventDefault()
    const form = new FormData(event.target)
    const result = await api('new', { body: Object.fromEntries(form) })
    if (result.status !== 200) return say('new-message', result.error, 'error')
    location.hash = 'edit=' + result.path
  })
  $('filter').addEventListener('input', () => { state.page = 1; clearTimeout(state.finding); state.finding = setTimeout(renderList, 200) })
  $('story').addEventListener('input', later)
  $('save').addEventListener('click', () => save())
  $('check').addEventListener('click', check)
  $('keep-mine').addEventListener('click', () => state.disk && save(state.disk.digest))
  $('take-disk').addEventListener('click', () => { $('conflict').hidden = true; open(state.path) })
  window.addEventListener('hashchange', route)
  setUpDrop()
  fillLists().then(route)
})()
