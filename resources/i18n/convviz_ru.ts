<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en">
    <context>
        <name>GraphicsScene</name>
        <message>
            <source>Export...</source>
            <translation>Экспорт…</translation>
        </message>
    </context>
    <context>
        <name>ImageView</name>
        <message>
            <source>Export</source>
            <translation>Экспорт</translation>
        </message>
    </context>
    <context>
        <name>convviz</name>
        <message>
            <source> px</source>
            <translation> пкс</translation>
        </message>
        <message>
            <source> size </source>
            <translation> размер </translation>
        </message>
        <message>
            <source> value </source>
            <translation> значение </translation>
        </message>
        <message>
            <source>#</source>
            <translation>№</translation>
        </message>
        <message>
            <source>&amp;About convviz</source>
            <translation>&amp;О программе convviz</translation>
        </message>
        <message>
            <source>&amp;Build the stack from a PyTorch state_dict…</source>
            <translation>&amp;Построить стек по state_dict PyTorch…</translation>
        </message>
        <message>
            <source>&amp;Counting table</source>
            <translation>&amp;Таблица подсчёта</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Правка</translation>
        </message>
        <message>
            <source>&amp;Export all weights (.npz)…</source>
            <translation>&amp;Экспорт всех весов (.npz)…</translation>
        </message>
        <message>
            <source>&amp;Export stages and weights (.npz)…</source>
            <translation>&amp;Экспорт стадий и весов (.npz)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Файл</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Справка</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>&amp;Сочетания клавиш</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Язык</translation>
        </message>
        <message>
            <source>&amp;Lecture</source>
            <translation>&amp;Лекция</translation>
        </message>
        <message>
            <source>&amp;Load weights (.npz, PyTorch .pt)…</source>
            <translation>&amp;Загрузить веса (.npz, PyTorch .pt)…</translation>
        </message>
        <message>
            <source>&amp;Paste image</source>
            <translation>&amp;Вставить изображение</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Выход</translation>
        </message>
        <message>
            <source>&amp;Quiz…</source>
            <translation>&amp;Вопросы…</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Повторить</translation>
        </message>
        <message>
            <source>&amp;Reset settings…</source>
            <translation>&amp;Сбросить настройки…</translation>
        </message>
        <message>
            <source>&amp;Save network…</source>
            <translation>&amp;Сохранить сеть…</translation>
        </message>
        <message>
            <source>&amp;Settings</source>
            <translation>&amp;Настройки</translation>
        </message>
        <message>
            <source>&amp;Training</source>
            <translation>&amp;Обучение</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Отменить</translation>
        </message>
        <message>
            <source>&amp;Weights</source>
            <translation>&amp;Веса</translation>
        </message>
        <message>
            <source>(equal relative change, drawn one over the other: {pairs})</source>
            <translation>(одинаковое относительное изменение, кривые наложены: {pairs})</translation>
        </message>
        <message>
            <source>(none yet)</source>
            <translation>(пока нет)</translation>
        </message>
        <message>
            <source>1. An 8×8×3 image and one 3×3×3 filter</source>
            <translation>1. Изображение 8×8×3 и один фильтр 3×3×3</translation>
        </message>
        <message>
            <source>1: grey level (luminance); 3: red, green, blue</source>
            <translation>1: уровень серого (яркость); 3: красный, зелёный, синий</translation>
        </message>
        <message>
            <source>2. Six filters: maps 6×6×6</source>
            <translation>2. Шесть фильтров: карты 6×6×6</translation>
        </message>
        <message>
            <source>3. conv1 → ReLU → conv2 → ReLU: 4×4×10</source>
            <translation>3. conv1 → ReLU → conv2 → ReLU: 4×4×10</translation>
        </message>
        <message>
            <source>4. 2×2 max pooling: 8×8×3 → 4×4×3</source>
            <translation>4. Max pooling 2×2: 8×8×3 → 4×4×3</translation>
        </message>
        <message>
            <source>5. A convolutional layer: convolution → detector → pooling</source>
            <translation>5. Свёрточный слой: свёртка → детектор → пулинг</translation>
        </message>
        <message>
            <source>6. Pooling and small shifts: the pooled maps change less</source>
            <translation>6. Пулинг и малые сдвиги: карты после пулинга меняются меньше</translation>
        </message>
        <message>
            <source>7. A designed hierarchy: edges → corners (designed by hand, not learned)</source>
            <translation>7. Заданная иерархия: края → углы (веса заданы вручную, а не обучены)</translation>
        </message>
        <message>
            <source>8. A learned hierarchy: digits (trained by convviz, not designed)</source>
            <translation>8. Обученная иерархия: цифры (веса обучены в convviz, а не заданы)</translation>
        </message>
        <message>
            <source>&lt;h3&gt;convviz {version}&lt;/h3&gt;&lt;p&gt;convviz makes the convolutional layer something you can see, touch and count: convolution → detector nonlinearity → pooling, live.&lt;/p&gt;&lt;p&gt;Every number on screen and in the figures is computed by convviz's own NumPy engine (float32, tensors H × W × C) from the network, weights and input shown; the tests check it against plain loops. Where the lecture's slides are off (slide 3: 6913 → 6948 parameters, slide 6: 270 → 160 neurons), convviz gives the correct count and says why.&lt;/p&gt;&lt;p&gt;Licence: MIT. Qt for Python (PySide6) under the LGPL v3, pyqtgraph and NumPy under their BSD-style licences.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;convviz {version}&lt;/h3&gt;&lt;p&gt;convviz делает свёрточный слой тем, что можно увидеть, потрогать и посчитать: свёртка → нелинейность-детектор → пулинг, вживую.&lt;/p&gt;&lt;p&gt;Каждое число на экране и на рисунках вычисляет собственный движок convviz на NumPy (float32, тензоры H × W × C) по показанным сети, весам и входу; тесты сверяют его с простыми циклами. Где слайды лекции ошибаются (слайд 3: 6913 → 6948 параметров, слайд 6: 270 → 160 нейронов), convviz даёт верное число и объясняет почему.&lt;/p&gt;&lt;p&gt;Лицензия: MIT. Qt for Python (PySide6) — по LGPL v3, pyqtgraph и NumPy — по лицензиям в стиле BSD.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A convolutional layer is convolution → detector → pooling. Build your own stack in the Layers dock (add, reorder, change stride, padding, filters); every view follows live. The Lecture menu (Ctrl+1 … Ctrl+7) opens the scenes again, and Help → Guided tour this tour.</source>
            <translation>Свёрточный слой — это свёртка → детектор → пулинг. Соберите свой стек в панели «Слои» (добавляйте, переставляйте, меняйте шаг, дополнение нулями, число фильтров) — все виды следуют за изменениями сразу. Меню «Лекция» (Ctrl+1 … Ctrl+7) снова открывает сцены, а «Справка → Обзор» — этот обзор.</translation>
        </message>
        <message>
            <source>A test image by its number (or click any image in the views)</source>
            <translation>Тестовое изображение по номеру (или щёлкните любое изображение в видах)</translation>
        </message>
        <message>
            <source>About convviz</source>
            <translation>О программе convviz</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Действие</translation>
        </message>
        <message>
            <source>Acts on</source>
            <translation>Применять к</translation>
        </message>
        <message>
            <source>Adam</source>
            <translation>Adam</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Добавить</translation>
        </message>
        <message>
            <source>Add a layer after the selected one</source>
            <translation>Добавить слой после выбранного</translation>
        </message>
        <message>
            <source>Add after</source>
            <translation>Добавить после</translation>
        </message>
        <message>
            <source>Add {layer}</source>
            <translation>Добавить: {layer}</translation>
        </message>
        <message>
            <source>An image of another size than the input: scaled whole and centred with zeros around it, scaled to cover the input and cut to its centre, or stretched (its aspect ratio lost)</source>
            <translation>Изображение другого размера, чем вход: целиком уменьшить и поставить в центр, дополнив нулями вокруг; увеличить до покрытия входа и обрезать по центру; или растянуть (пропорции теряются)</translation>
        </message>
        <message>
            <source>Animate the window of the inspected unit's filter over its whole input</source>
            <translation>Анимировать окно фильтра выбранного нейрона по всему его входу</translation>
        </message>
        <message>
            <source>Applies at once; remembered for the next start (CONVVIZ_LANG overrides it)</source>
            <translation>Применяется сразу и запоминается до следующего запуска (CONVVIZ_LANG важнее)</translation>
        </message>
        <message>
            <source>Ask other questions about the same stack</source>
            <translation>Задать другие вопросы о том же стеке</translation>
        </message>
        <message>
            <source>Autosave failed: {reason}</source>
            <translation>Автосохранение не удалось: {reason}</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Назад</translation>
        </message>
        <message>
            <source>Back to the default: a Gaussian centred on the window's centre cell</source>
            <translation>Вернуть по умолчанию: гауссиана с центром в центральной ячейке окна</translation>
        </message>
        <message>
            <source>Back to the start</source>
            <translation>В начало</translation>
        </message>
        <message>
            <source>Back to the weights before training (one undo step)</source>
            <translation>Вернуть веса, какими они были до обучения (один шаг отмены)</translation>
        </message>
        <message>
            <source>Batch</source>
            <translation>Пакет</translation>
        </message>
        <message>
            <source>Bias</source>
            <translation>Смещение</translation>
        </message>
        <message>
            <source>Bias b</source>
            <translation>Смещение b</translation>
        </message>
        <message>
            <source>Bias: one number added to each output</source>
            <translation>Смещение: одно число, прибавляемое к каждому выходу</translation>
        </message>
        <message>
            <source>Bias: one number added to every output of a filter; it shifts where the detector (ReLU) switches on</source>
            <translation>Смещение: одно число, прибавляемое к каждому выходу фильтра; оно сдвигает порог, с которого срабатывает детектор (ReLU)</translation>
        </message>
        <message>
            <source>Box blur</source>
            <translation>Размытие (среднее)</translation>
        </message>
        <message>
            <source>Brush colour</source>
            <translation>Цвет кисти</translation>
        </message>
        <message>
            <source>Build the stack from a PyTorch state_dict</source>
            <translation>Построить стек по state_dict PyTorch</translation>
        </message>
        <message>
            <source>Build the stack from {name}</source>
            <translation>Построить стек по {name}</translation>
        </message>
        <message>
            <source>Change {field} of layer {index}</source>
            <translation>Изменить {field} слоя {index}</translation>
        </message>
        <message>
            <source>Change {what}</source>
            <translation>Изменить {what}</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>Проверить</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Очистить</translation>
        </message>
        <message>
            <source>Clear the input</source>
            <translation>Очистить вход</translation>
        </message>
        <message>
            <source>Click a kernel to edit its numbers</source>
            <translation>Щёлкните ядро, чтобы изменить его числа</translation>
        </message>
        <message>
            <source>Click a unit of a map first: the inspector is empty.</source>
            <translation>Сначала щёлкните нейрон на карте: инспектор пуст.</translation>
        </message>
        <message>
            <source>Click any unit of a map to open its computation; arrow keys move to the next unit.</source>
            <translation>Щёлкните любой нейрон на карте, чтобы увидеть его вычисление; стрелки переходят к соседнему нейрону.</translation>
        </message>
        <message>
            <source>Close the tour; Help → Guided tour opens it again</source>
            <translation>Закрыть обзор; «Справка → Обзор» откроет его снова</translation>
        </message>
        <message>
            <source>Colormap </source>
            <translation>Цветовая карта </translation>
        </message>
        <message>
            <source>Colour bars</source>
            <translation>Цветовые шкалы</translation>
        </message>
        <message>
            <source>Colours</source>
            <translation>Цвета</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>Сравнение</translation>
        </message>
        <message>
            <source>Confusion and mistakes</source>
            <translation>Матрица ошибок и ошибки</translation>
        </message>
        <message>
            <source>Copy</source>
            <translation>Копировать</translation>
        </message>
        <message>
            <source>Copy a kernel first.</source>
            <translation>Сначала скопируйте ядро.</translation>
        </message>
        <message>
            <source>Copy as text</source>
            <translation>Копировать как текст</translation>
        </message>
        <message>
            <source>Copy the kernel (or the whole filter)</source>
            <translation>Скопировать ядро (или весь фильтр)</translation>
        </message>
        <message>
            <source>Copy the whole table to the clipboard (Ctrl+C)</source>
            <translation>Скопировать всю таблицу в буфер обмена (Ctrl+C)</translation>
        </message>
        <message>
            <source>Could not complete this: {reason}</source>
            <translation>Не удалось выполнить: {reason}</translation>
        </message>
        <message>
            <source>Could not keep the image in {folder}.</source>
            <translation>Не удалось сохранить изображение в {folder}.</translation>
        </message>
        <message>
            <source>Could not keep the pasted image in {folder}.</source>
            <translation>Не удалось сохранить вставленное изображение в {folder}.</translation>
        </message>
        <message>
            <source>Could not save {path}: {reason}</source>
            <translation>Не удалось сохранить {path}: {reason}</translation>
        </message>
        <message>
            <source>Counting</source>
            <translation>Подсчёт</translation>
        </message>
        <message>
            <source>Crop at</source>
            <translation>Обрезать с</translation>
        </message>
        <message>
            <source>Curves</source>
            <translation>Кривые</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Данные</translation>
        </message>
        <message>
            <source>Dilation</source>
            <translation>Разрежение</translation>
        </message>
        <message>
            <source>Dilation: gaps between the kernel's taps; dilation 2 spreads a 3×3 kernel over 5×5 pixels with no more weights</source>
            <translation>Прореживание: промежутки между элементами ядра; при прореживании 2 ядро 3×3 охватывает 5×5 пикселей без новых весов</translation>
        </message>
        <message>
            <source>Divide by the sum, so the weights sum to 1 (a kernel summing to 0: by the sum of magnitudes)</source>
            <translation>Разделить на сумму, чтобы веса в сумме давали 1 (ядро с суммой 0 — на сумму модулей)</translation>
        </message>
        <message>
            <source>Draw</source>
            <translation>Рисование</translation>
        </message>
        <message>
            <source>Draw on the input</source>
            <translation>Рисовать на входе</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>Дублировать</translation>
        </message>
        <message>
            <source>Duplicate layer {index}</source>
            <translation>Дублировать слой {index}</translation>
        </message>
        <message>
            <source>Duplicate the layer (Ctrl+D)</source>
            <translation>Дублировать слой (Ctrl+D)</translation>
        </message>
        <message>
            <source>Each stage is compared with itself before the shift, position by position. A unit counts as changed when it moved by more than 10⁻⁶ of the stage's largest value. On sparse images the fraction of changed units can rise after pooling while the relative change falls: pooling makes the changes smaller, it does not remove them. Both are shown; neither is tuned to the image.</source>
            <translation>Каждая стадия сравнивается сама с собой до сдвига, позиция за позицией. Нейрон считается изменившимся, если его значение сдвинулось больше чем на 10⁻⁶ от наибольшего значения стадии. На разреженных изображениях доля изменившихся нейронов после пулинга может вырасти, хотя относительное изменение падает: пулинг уменьшает изменения, но не устраняет их. Показаны обе величины; ни одна не подогнана под изображение.</translation>
        </message>
        <message>
            <source>Edges (4 directions)</source>
            <translation>Края (4 направления)</translation>
        </message>
        <message>
            <source>Edit &amp;kernels…</source>
            <translation>Изменить &amp;ядра…</translation>
        </message>
        <message>
            <source>Edit a weight of {layer} f{f}</source>
            <translation>Изменить вес {layer} f{f}</translation>
        </message>
        <message>
            <source>Edit the bias of {layer} f{f}</source>
            <translation>Изменить смещение {layer} f{f}</translation>
        </message>
        <message>
            <source>Erase</source>
            <translation>Стереть</translation>
        </message>
        <message>
            <source>Evaluate</source>
            <translation>Оценить</translation>
        </message>
        <message>
            <source>Evaluating the test split…</source>
            <translation>Оценка на тестовой выборке…</translation>
        </message>
        <message>
            <source>Every output of a fully connected layer has its own bias: {n_in}·{n_out} weights + {n_out} biases.</source>
            <translation>У каждого выхода полносвязного слоя своё смещение: {n_in}·{n_out} весов + {n_out} смещений.</translation>
        </message>
        <message>
            <source>Every output reads the whole input, flattened in C order (h, then w, then c): weight units × inputs.</source>
            <translation>Каждый выход читает весь вход, выпрямленный в порядке C (h, затем w, затем c): веса — выходы × входы.</translation>
        </message>
        <message>
            <source>Every weight here was learned: convviz trained this stack on its `digits` set (20 000 images, 3 epochs, Adam; `python tools/train_learned.py --check` repeats it bit for bit), and it classifies 97.6 % of the 5 000 test digits. The input is a test digit it never trained on. Look at conv1's 5×5 kernels: some became oriented edge detectors — f2 dark above and light below, f7 the reverse, f5 dark on the left and light on the right — so their maps light up along one side of the strokes of one direction (f2 and f7: the top and the bottom of the 4's bar); others still carry the noise of their random start after only three epochs. conv2 combines them over 14×14 pixels into parts of digits; the dense layer reads the 4×4×16 pooled maps and gives one score per digit: the largest is the answer. Nobody designed these kernels — compare scene 7.</source>
            <translation>Все веса здесь обучены: convviz обучил этот стек на своём наборе `digits` (20 000 изображений, 3 эпохи, Adam; `python tools/train_learned.py --check` повторяет обучение бит в бит), и он верно распознаёт 97.6 % из 5 000 тестовых цифр. На входе — тестовая цифра, на которой он не обучался. Посмотрите на ядра 5×5 слоя conv1: некоторые стали детекторами краёв определённой ориентации — f2: тёмное сверху, светлое снизу, f7 — наоборот, f5: тёмное слева, светлое справа, — поэтому их карты загораются вдоль одной стороны штрихов одного направления (f2 и f7: верх и низ перекладины четвёрки); другие после всего трёх эпох ещё несут шум своего случайного начала. conv2 объединяет их на участке 14×14 пикселей в части цифр; полносвязный слой читает карты 4×4×16 после пулинга и даёт по одной оценке на цифру: наибольшая — ответ. Эти ядра никто не задавал — сравните со сценой 7.</translation>
        </message>
        <message>
            <source>Export all weights</source>
            <translation>Экспорт всех весов</translation>
        </message>
        <message>
            <source>Export as a &amp;PyTorch module (.py)…</source>
            <translation>Экспорт как модуль &amp;PyTorch (.py)…</translation>
        </message>
        <message>
            <source>Export as a PyTorch module</source>
            <translation>Экспорт как модуль PyTorch</translation>
        </message>
        <message>
            <source>Export stages and weights</source>
            <translation>Экспорт стадий и весов</translation>
        </message>
        <message>
            <source>Export the shown &amp;conv layer's weights (.npz)…</source>
            <translation>Экспорт весов показанного &amp;свёрточного слоя (.npz)…</translation>
        </message>
        <message>
            <source>Export {layer}'s weights</source>
            <translation>Экспорт весов {layer}</translation>
        </message>
        <message>
            <source>FC / conv</source>
            <translation>ПС / свёртка</translation>
        </message>
        <message>
            <source>Fill the whole input with the value (one undoable step)</source>
            <translation>Залить весь вход значением (один отменяемый шаг)</translation>
        </message>
        <message>
            <source>Filter</source>
            <translation>Фильтр</translation>
        </message>
        <message>
            <source>Filters F</source>
            <translation>Фильтров F</translation>
        </message>
        <message>
            <source>Filters F: how many kernels this layer has; each makes one feature map, so F is the output's depth</source>
            <translation>Фильтры F: сколько ядер (фильтров) у слоя; каждый даёт одну карту признаков, поэтому F — глубина выхода</translation>
        </message>
        <message>
            <source>Finish</source>
            <translation>Готово</translation>
        </message>
        <message>
            <source>Forget the window layout, language, colormap, recent scenes and projects, and show the tour again at the next start?</source>
            <translation>Забыть расположение окна, язык, цветовую карту, недавние сцены и проекты и снова показать обзор при следующем запуске?</translation>
        </message>
        <message>
            <source>Function</source>
            <translation>Функция</translation>
        </message>
        <message>
            <source>Function: the detector stage, applied to every value on its own; ReLU keeps the positives and zeroes the negatives, tanh and sigmoid squash smoothly</source>
            <translation>Функция: этап детектора, применяется к каждому значению по отдельности; ReLU оставляет положительные и обнуляет отрицательные, tanh и сигмоида плавно сжимают</translation>
        </message>
        <message>
            <source>Gabor bank</source>
            <translation>Банк фильтров Габора</translation>
        </message>
        <message>
            <source>Gaussian</source>
            <translation>Гауссиана</translation>
        </message>
        <message>
            <source>Gaussian blur</source>
            <translation>Размытие по Гауссу</translation>
        </message>
        <message>
            <source>Groups</source>
            <translation>Группы</translation>
        </message>
        <message>
            <source>Groups: the input channels and the filters split into G groups, each filter seeing only its group's channels; G must divide the input depth and the number of filters</source>
            <translation>Группы: входные каналы и фильтры делятся на G групп, каждый фильтр видит только каналы своей группы; G должно делить глубину входа и число фильтров</translation>
        </message>
        <message>
            <source>Guided &amp;tour</source>
            <translation>&amp;Обзор</translation>
        </message>
        <message>
            <source>Guided tour</source>
            <translation>Обзор</translation>
        </message>
        <message>
            <source>H: the input's height in pixels; every map's size follows from it</source>
            <translation>H: высота входа в пикселях; от неё зависит размер каждой карты</translation>
        </message>
        <message>
            <source>He</source>
            <translation>He</translation>
        </message>
        <message>
            <source>He (normal)</source>
            <translation>He (нормальное)</translation>
        </message>
        <message>
            <source>Hover over any map to read its exact values.</source>
            <translation>Наведите указатель на любую карту, чтобы прочитать точные значения.</translation>
        </message>
        <message>
            <source>How values become colours; auto: a diverging map (blue &lt; 0 &lt; red) when a stage has negative values, else a sequential one</source>
            <translation>Как значения становятся цветами; авто: расходящаяся карта (синий &lt; 0 &lt; красный), если у стадии есть отрицательные значения, иначе последовательная</translation>
        </message>
        <message>
            <source>H×W×C: 4×4×10 / 4 4 10</source>
            <translation>H×W×C: 4×4×10 / 4 4 10</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>Тождественное</translation>
        </message>
        <message>
            <source>Image</source>
            <translation>Изображение</translation>
        </message>
        <message>
            <source>Images</source>
            <translation>Изображений</translation>
        </message>
        <message>
            <source>Images and arrays (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.npy);;All files (*)</source>
            <translation>Изображения и массивы (*.png *.jpg *.jpeg *.bmp *.gif *.tif *.tiff *.webp *.npy);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Initialise</source>
            <translation>Инициализировать</translation>
        </message>
        <message>
            <source>Initialise {layer}</source>
            <translation>Инициализировать {layer}</translation>
        </message>
        <message>
            <source>Initialise {layer} f{f}</source>
            <translation>Инициализировать {layer} f{f}</translation>
        </message>
        <message>
            <source>Input</source>
            <translation>Вход</translation>
        </message>
        <message>
            <source>Input: {what}</source>
            <translation>Вход: {what}</translation>
        </message>
        <message>
            <source>Inspect a unit: its window, products and sum</source>
            <translation>Осмотреть нейрон: его окно, произведения и сумму</translation>
        </message>
        <message>
            <source>K_h×K_w: 3×3</source>
            <translation>K_h×K_w: 3×3</translation>
        </message>
        <message>
            <source>Keep the kernel square</source>
            <translation>Квадратное ядро</translation>
        </message>
        <message>
            <source>Keep the window square</source>
            <translation>Квадратное окно</translation>
        </message>
        <message>
            <source>Kernel</source>
            <translation>Ядро</translation>
        </message>
        <message>
            <source>Kernel editor</source>
            <translation>Редактор ядер</translation>
        </message>
        <message>
            <source>Kernel: the K_h × K_w window of weights that slides over the input; a larger kernel sees a wider patch</source>
            <translation>Ядро: окно весов K_h × K_w, которое скользит по входу; большее ядро видит более широкий участок</translation>
        </message>
        <message>
            <source>Kernels</source>
            <translation>Ядра</translation>
        </message>
        <message>
            <source>Kernels of the shown conv layer</source>
            <translation>Ядра (фильтры) показанного свёрточного слоя</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Сочетания клавиш</translation>
        </message>
        <message>
            <source>Keys</source>
            <translation>Клавиши</translation>
        </message>
        <message>
            <source>Laplacian</source>
            <translation>Лапласиан</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>Слой</translation>
        </message>
        <message>
            <source>Layer {index} · {label}</source>
            <translation>Слой {index} · {label}</translation>
        </message>
        <message>
            <source>Layers</source>
            <translation>Слои</translation>
        </message>
        <message>
            <source>Learning rate</source>
            <translation>Скорость обучения</translation>
        </message>
        <message>
            <source>Lecture &amp;scenes</source>
            <translation>&amp;Сцены лекции</translation>
        </message>
        <message>
            <source>Load &amp;weights…</source>
            <translation>Загрузить &amp;веса…</translation>
        </message>
        <message>
            <source>Load one layer's weights</source>
            <translation>Загрузить веса одного слоя</translation>
        </message>
        <message>
            <source>Load weights</source>
            <translation>Загрузить веса</translation>
        </message>
        <message>
            <source>Load weights into the &amp;shown conv layer…</source>
            <translation>Загрузить веса в &amp;показанный свёрточный слой…</translation>
        </message>
        <message>
            <source>Load weights {name}</source>
            <translation>Загрузить веса {name}</translation>
        </message>
        <message>
            <source>Load {layer}'s weights from {name}</source>
            <translation>Загрузить веса {layer} из {name}</translation>
        </message>
        <message>
            <source>Make this test image the input (one undo step): every view shows its maps through the trained stack</source>
            <translation>Сделать это тестовое изображение входом (один шаг отмены): все виды покажут его карты в обученном стеке</translation>
        </message>
        <message>
            <source>Making {n} {data} images…</source>
            <translation>Создаются изображения {data}: {n}…</translation>
        </message>
        <message>
            <source>Making {n} {data} images… {p}%</source>
            <translation>Создаются изображения {data}: {n}… {p} %</translation>
        </message>
        <message>
            <source>Many filters</source>
            <translation>Много фильтров</translation>
        </message>
        <message>
            <source>Maps of the selected layer</source>
            <translation>Карты признаков выбранного слоя</translation>
        </message>
        <message>
            <source>Misclassified: {n} of {total}, the most confident first</source>
            <translation>Ошибки: {n} из {total}, сначала самые уверенные</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>Режим</translation>
        </message>
        <message>
            <source>Move down</source>
            <translation>Вниз</translation>
        </message>
        <message>
            <source>Move layer</source>
            <translation>Переместить слой</translation>
        </message>
        <message>
            <source>Move the inspected unit</source>
            <translation>Перейти к соседнему нейрону</translation>
        </message>
        <message>
            <source>Move the layer down (Alt+Down)</source>
            <translation>Переместить слой вниз (Alt+Down)</translation>
        </message>
        <message>
            <source>Move the layer up (Alt+Up)</source>
            <translation>Переместить слой вверх (Alt+Up)</translation>
        </message>
        <message>
            <source>Move up</source>
            <translation>Вверх</translation>
        </message>
        <message>
            <source>Multiply by the factor</source>
            <translation>Умножить на множитель</translation>
        </message>
        <message>
            <source>Multiply by −1</source>
            <translation>Умножить на −1</translation>
        </message>
        <message>
            <source>Negate</source>
            <translation>Сменить знак</translation>
        </message>
        <message>
            <source>Negate {layer} f{f}</source>
            <translation>Сменить знак {layer} f{f}</translation>
        </message>
        <message>
            <source>Network files (*.json)</source>
            <translation>Файлы сети (*.json)</translation>
        </message>
        <message>
            <source>Network files (*.json);;All files (*)</source>
            <translation>Файлы сети (*.json);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Neurons</source>
            <translation>Нейроны</translation>
        </message>
        <message>
            <source>Neurons are the output units H·W·F: here {ho}·{wo}·{fo} = {neurons}.</source>
            <translation>Нейроны — это выходы слоя H·W·F: здесь {ho}·{wo}·{fo} = {neurons}.</translation>
        </message>
        <message>
            <source>New questions</source>
            <translation>Новые вопросы</translation>
        </message>
        <message>
            <source>New random stack</source>
            <translation>Новый случайный стек</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Далее</translation>
        </message>
        <message>
            <source>No conv layer to edit: click a kernel in the kernel view.</source>
            <translation>Нет свёрточного слоя для изменения: щёлкните ядро в виде ядер.</translation>
        </message>
        <message>
            <source>No hyperparameters.</source>
            <translation>Гиперпараметров нет.</translation>
        </message>
        <message>
            <source>No layers yet: add a convolution to see its feature maps.</source>
            <translation>Слоёв пока нет: добавьте свёртку, чтобы увидеть её карты признаков.</translation>
        </message>
        <message>
            <source>No shape: an earlier layer does not fit</source>
            <translation>Нет формы: предыдущий слой не помещается</translation>
        </message>
        <message>
            <source>No test image is misclassified.</source>
            <translation>Ни одно тестовое изображение не классифицировано неверно.</translation>
        </message>
        <message>
            <source>No unit selected.</source>
            <translation>Нейрон не выбран.</translation>
        </message>
        <message>
            <source>Normalise</source>
            <translation>Нормировать</translation>
        </message>
        <message>
            <source>Normalise {layer} f{f}</source>
            <translation>Нормировать {layer} f{f}</translation>
        </message>
        <message>
            <source>Nothing has been computed yet.</source>
            <translation>Ещё ничего не вычислено.</translation>
        </message>
        <message>
            <source>Nothing to open in what was dropped.</source>
            <translation>В перетащенном нечего открыть.</translation>
        </message>
        <message>
            <source>NumPy archive (*.npz)</source>
            <translation>Архив NumPy (*.npz)</translation>
        </message>
        <message>
            <source>One step back</source>
            <translation>Шаг назад</translation>
        </message>
        <message>
            <source>One step forward</source>
            <translation>Шаг вперёд</translation>
        </message>
        <message>
            <source>Open &amp;image or array…</source>
            <translation>Открыть &amp;изображение или массив…</translation>
        </message>
        <message>
            <source>Open &amp;network…</source>
            <translation>Открыть &amp;сеть…</translation>
        </message>
        <message>
            <source>Open &amp;project…</source>
            <translation>Открыть &amp;проект…</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>Открыть &amp;недавние</translation>
        </message>
        <message>
            <source>Open image or array</source>
            <translation>Открыть изображение или массив</translation>
        </message>
        <message>
            <source>Open image…</source>
            <translation>Открыть изображение…</translation>
        </message>
        <message>
            <source>Open input {name}</source>
            <translation>Открыть вход {name}</translation>
        </message>
        <message>
            <source>Open network</source>
            <translation>Открыть сеть</translation>
        </message>
        <message>
            <source>Open network {name}</source>
            <translation>Открыть сеть {name}</translation>
        </message>
        <message>
            <source>Open project</source>
            <translation>Открыть проект</translation>
        </message>
        <message>
            <source>Open project {name}</source>
            <translation>Открыть проект {name}</translation>
        </message>
        <message>
            <source>Open “{title}”</source>
            <translation>Открыть «{title}»</translation>
        </message>
        <message>
            <source>Optimiser</source>
            <translation>Оптимизатор</translation>
        </message>
        <message>
            <source>Other size</source>
            <translation>Другой размер</translation>
        </message>
        <message>
            <source>PNG image (*.png)</source>
            <translation>Изображение PNG (*.png)</translation>
        </message>
        <message>
            <source>PNG image (*.png);;SVG drawing (*.svg)</source>
            <translation>Изображение PNG (*.png);;Рисунок SVG (*.svg)</translation>
        </message>
        <message>
            <source>Padding</source>
            <translation>Дополнение нулями</translation>
        </message>
        <message>
            <source>Padding: rings of zeros around the input, so the kernel can also centre on the border pixels. same: the output keeps the input's size (stride 1); valid: no padding</source>
            <translation>Дополнение нулями: кольца нулей вокруг входа, чтобы ядро могло встать и на краевые пиксели. same: выход сохраняет размер входа (при шаге 1); valid: без дополнения</translation>
        </message>
        <message>
            <source>Paint the input with the mouse; the maps follow while you paint. Each stroke is one step of Edit → Undo.</source>
            <translation>Рисуйте на входе мышью; карты признаков меняются вслед за кистью. Каждый мазок — один шаг «Правка → Отменить».</translation>
        </message>
        <message>
            <source>Parameters</source>
            <translation>Параметры</translation>
        </message>
        <message>
            <source>Paste</source>
            <translation>Вставить</translation>
        </message>
        <message>
            <source>Paste a kernel into {layer} f{f}</source>
            <translation>Вставить ядро в {layer} f{f}</translation>
        </message>
        <message>
            <source>Paste image</source>
            <translation>Вставить изображение</translation>
        </message>
        <message>
            <source>Paste the copied kernel here</source>
            <translation>Вставить сюда скопированное ядро</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Пауза</translation>
        </message>
        <message>
            <source>Play / pause</source>
            <translation>Пуск / пауза</translation>
        </message>
        <message>
            <source>Pooling</source>
            <translation>Пулинг</translation>
        </message>
        <message>
            <source>Pooling (subsampling) replaces each 2×2 neighbourhood by its maximum or average, map by map: 8×8×3 → 4×4×3. It makes the output roughly invariant to small shifts of the input.</source>
            <translation>Пулинг (подвыборка) заменяет каждую окрестность 2×2 её максимумом или средним, карта за картой: 8×8×3 → 4×4×3. Он делает выход приблизительно инвариантным к малому переносу входа.</translation>
        </message>
        <message>
            <source>Pooling mode: max keeps the strongest response of each window; average smooths it; the weighted average counts the centre most</source>
            <translation>Режим пулинга: максимум оставляет самый сильный отклик каждого окна; среднее сглаживает; во взвешенном среднем центр весит больше всего</translation>
        </message>
        <message>
            <source>Preset</source>
            <translation>Шаблон</translation>
        </message>
        <message>
            <source>Preset for {layer} f{f}</source>
            <translation>Шаблон для {layer} f{f}</translation>
        </message>
        <message>
            <source>Preset: {name}</source>
            <translation>Шаблон: {name}</translation>
        </message>
        <message>
            <source>Put a random valid stack in the window (undo brings yours back) and ask about it</source>
            <translation>Поставить в окно случайный допустимый стек (отмена вернёт ваш) и задать вопросы о нём</translation>
        </message>
        <message>
            <source>PyTorch state_dict (*.pt *.pth);;All files (*)</source>
            <translation>state_dict PyTorch (*.pt *.pth);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Python module (*.py)</source>
            <translation>Модуль Python (*.py)</translation>
        </message>
        <message>
            <source>Questions about the stack on screen ({n} of {total}):</source>
            <translation>Вопросы о стеке на экране ({n} из {total}):</translation>
        </message>
        <message>
            <source>Quiz</source>
            <translation>Вопросы</translation>
        </message>
        <message>
            <source>RGB</source>
            <translation>RGB</translation>
        </message>
        <message>
            <source>Random stack {seed}</source>
            <translation>Случайный стек {seed}</translation>
        </message>
        <message>
            <source>ReLU</source>
            <translation>ReLU</translation>
        </message>
        <message>
            <source>ReLU: the detector</source>
            <translation>ReLU: детектор</translation>
        </message>
        <message>
            <source>Read a PNG, JPEG, … image or a .npy array (H × W × C) as the input</source>
            <translation>Взять входом изображение PNG, JPEG, … или массив .npy (H × W × C)</translation>
        </message>
        <message>
            <source>Read a value</source>
            <translation>Прочитать значение</translation>
        </message>
        <message>
            <source>Reads the H × W × C input in C order (h, then w, then c) as one vector, stored as a 1 × 1 × (H·W·C) stage, for a dense layer after it.</source>
            <translation>Читает вход H × W × C в порядке C (h, затем w, затем c) как один вектор — стадию 1 × 1 × (H·W·C) для полносвязного слоя после него.</translation>
        </message>
        <message>
            <source>Receptive field in the input: {h}×{w} (rows {r0}…{r1}, columns {c0}…{c1}; outlined on every map before this one)</source>
            <translation>Рецептивное поле во входе: {h}×{w} (строки {r0}…{r1}, столбцы {c0}…{c1}; обведено на каждой карте до этой)</translation>
        </message>
        <message>
            <source>Recover the autosaved session</source>
            <translation>Восстановить автосохранённый сеанс</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Remove layer {index}</source>
            <translation>Удалить слой {index}</translation>
        </message>
        <message>
            <source>Remove the layer (Delete)</source>
            <translation>Удалить слой (Delete)</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>Сбросить</translation>
        </message>
        <message>
            <source>Reset training</source>
            <translation>Сброс обучения</translation>
        </message>
        <message>
            <source>Reset: the weights are back to before training.</source>
            <translation>Сброшено: веса такие же, как до обучения.</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Продолжить</translation>
        </message>
        <message>
            <source>Run the test split through the weights on screen: confusion matrix, mistakes and top images</source>
            <translation>Прогнать тестовую выборку через веса на экране: матрица ошибок, ошибки и лучшие изображения</translation>
        </message>
        <message>
            <source>SGD with momentum</source>
            <translation>SGD с моментом</translation>
        </message>
        <message>
            <source>Save &amp;figure (PNG, SVG)…</source>
            <translation>Сохранить &amp;рисунок (PNG, SVG)…</translation>
        </message>
        <message>
            <source>Save figure</source>
            <translation>Сохранить рисунок</translation>
        </message>
        <message>
            <source>Save network</source>
            <translation>Сохранить сеть</translation>
        </message>
        <message>
            <source>Save pro&amp;ject</source>
            <translation>Сохранить про&amp;ект</translation>
        </message>
        <message>
            <source>Save project</source>
            <translation>Сохранить проект</translation>
        </message>
        <message>
            <source>Save project &amp;as…</source>
            <translation>Сохранить проект &amp;как…</translation>
        </message>
        <message>
            <source>Save screens&amp;hot…</source>
            <translation>Сохранить снимок &amp;окна…</translation>
        </message>
        <message>
            <source>Save screenshot</source>
            <translation>Сохранить снимок окна</translation>
        </message>
        <message>
            <source>Save the changes to {name}?</source>
            <translation>Сохранить изменения в {name}?</translation>
        </message>
        <message>
            <source>Saved {name}</source>
            <translation>Сохранено: {name}</translation>
        </message>
        <message>
            <source>Scale</source>
            <translation>Шкала</translation>
        </message>
        <message>
            <source>Scale </source>
            <translation>Шкала </translation>
        </message>
        <message>
            <source>Scale {layer} f{f}</source>
            <translation>Масштабировать {layer} f{f}</translation>
        </message>
        <message>
            <source>Scale ×</source>
            <translation>Умножить ×</translation>
        </message>
        <message>
            <source>Score of a test image for a channel: the maximum or the mean of its map after the detector</source>
            <translation>Оценка тестового изображения для канала: максимум или среднее его карты после детектора</translation>
        </message>
        <message>
            <source>Set every weight to 0</source>
            <translation>Обнулить все веса</translation>
        </message>
        <message>
            <source>Set this filter</source>
            <translation>Задать этот фильтр</translation>
        </message>
        <message>
            <source>Settings reset: the next start uses the defaults.</source>
            <translation>Настройки сброшены: следующий запуск начнётся с настроек по умолчанию.</translation>
        </message>
        <message>
            <source>Sharpen</source>
            <translation>Резкость</translation>
        </message>
        <message>
            <source>Shift the input along</source>
            <translation>Сдвигать вход</translation>
        </message>
        <message>
            <source>Shift the input by a pixel or two (`convviz invariance … --shift-max 3 --axis x`): the edge maps change along every edge, each 2×2 max pooling changes less — 0.51 → 0.24 → 0.17 relative change for a 1-pixel shift, while the fraction of units that changed at all can rise (0.14 → 0.18): pooling shrinks the changes, it does not remove them. Whether a feature is present matters more than exactly where.</source>
            <translation>Сдвиньте вход на пиксель-другой (`convviz invariance … --shift-max 3 --axis x`): карты краёв меняются вдоль каждого края, каждый max pooling 2×2 меняется меньше — относительное изменение 0,51 → 0,24 → 0,17 при сдвиге на 1 пиксель, хотя доля нейронов, которые вообще изменились, может вырасти (0,14 → 0,18): пулинг уменьшает изменения, но не устраняет их. Наличие признака важнее, чем его точная позиция.</translation>
        </message>
        <message>
            <source>Show in the window</source>
            <translation>Показать в окне</translation>
        </message>
        <message>
            <source>Show one map or kernel alone, with its numbers</source>
            <translation>Показать одну карту или ядро отдельно, с числами</translation>
        </message>
        <message>
            <source>Show {name}</source>
            <translation>Показать: {name}</translation>
        </message>
        <message>
            <source>Showing the last valid stack, not the one in the builder. {reason}</source>
            <translation>Показан последний допустимый стек, а не стек из конструктора. {reason}</translation>
        </message>
        <message>
            <source>Size H × W × C</source>
            <translation>Размер H × W × C</translation>
        </message>
        <message>
            <source>Skip the tour</source>
            <translation>Пропустить обзор</translation>
        </message>
        <message>
            <source>Slide 4: the number of filters F is a hyperparameter. Each filter makes one map (f0…f5); together they form the tensor that the next layer reads as its input image.</source>
            <translation>Слайд 4: число фильтров F — гиперпараметр. Каждый фильтр даёт одну карту (f0…f5); вместе они образуют тензор, который следующий слой читает как своё входное изображение.</translation>
        </message>
        <message>
            <source>Slide 8: pooling replaces each 2×2 neighbourhood by a statistic of it, map by map. Click a pooled value to see which input won; try average and weighted pooling in the layer's editor.</source>
            <translation>Слайд 8: пулинг заменяет каждую окрестность 2×2 её статистикой, карта за картой. Щёлкните значение после пулинга, чтобы увидеть, какой вход победил; попробуйте average и weighted average pooling в редакторе слоя.</translation>
        </message>
        <message>
            <source>Slide 9: the three stages of a convolutional layer — convolution with a set of kernels, a nonlinear detector (ReLU), pooling of neighbouring activations — side by side, on one colour scale per block.</source>
            <translation>Слайд 9: три стадии свёрточного слоя — свёртка входа с множеством ядер, нелинейный детектор (ReLU), объединение соседних активаций (пулинг) — рядом, в одной цветовой шкале на блок.</translation>
        </message>
        <message>
            <source>Slide this filter</source>
            <translation>Провести этот фильтр</translation>
        </message>
        <message>
            <source>Slide {slide} answers {wrong} neuron for {name}. A layer's neurons are its output units: {formula} = {value}.|Slide {slide} answers {wrong} neurons for {name}. A layer's neurons are its output units: {formula} = {value}.</source>
            <translation>Слайд {slide} отвечает: {wrong} нейрон у {name}. Нейроны слоя — это его выходы: {formula} = {value}.|Слайд {slide} отвечает: {wrong} нейрона у {name}. Нейроны слоя — это его выходы: {formula} = {value}.|Слайд {slide} отвечает: {wrong} нейронов у {name}. Нейроны слоя — это его выходы: {formula} = {value}.</translation>
        </message>
        <message>
            <source>Slide {slide} counts the fully connected layer with the inputs and outputs of {name} as {wrong} = {wrong_formula}: one bias for the whole layer. Each of its {n_out} outputs has its own bias: {formula} = {value}.</source>
            <translation>Слайд {slide} считает полносвязный слой с входами и выходами {name} как {wrong} = {wrong_formula}: одно смещение на весь слой. Но у каждого из {n_out} выходов своё смещение: {formula} = {value}.</translation>
        </message>
        <message>
            <source>Slides 1–3: the filter slides over the image and computes one dot product per position, y = wᵀx + b over a 3×3×3 window. Click any value of the map to see its products and sums; the counting table below gives the filter's parameters and the fully connected layer's.</source>
            <translation>Слайды 1–3: фильтр пробегает по изображению и в каждой позиции вычисляет одно скалярное произведение, y = wᵀx + b по окну 3×3×3. Щёлкните любое значение карты, чтобы увидеть его произведения и суммы; таблица подсчёта ниже даёт число параметров фильтра и полносвязного слоя.</translation>
        </message>
        <message>
            <source>Slides 5–6: a convolutional network is a sequence of convolutions. conv2's filters are 3×3×6 because its input has depth 6; its neurons are its output units H·W·F (the counting table says where the slide's count differs, and why).</source>
            <translation>Слайды 5–6: свёрточная сеть — последовательность свёрток. Фильтры conv2 имеют размер 3×3×6, потому что глубина его входа 6; его нейроны — это его выходы H·W·F (таблица подсчёта показывает, где число на слайде отличается и почему).</translation>
        </message>
        <message>
            <source>Sliding window of {name}: {n} output position|Sliding window of {name}: {n} output positions</source>
            <translation>Скользящее окно {name}: {n} выходная позиция|Скользящее окно {name}: {n} выходные позиции|Скользящее окно {name}: {n} выходных позиций</translation>
        </message>
        <message>
            <source>Sliding window: click a unit of a convolution or pooling map.</source>
            <translation>Скользящее окно: щёлкните нейрон на карте свёртки или пулинга.</translation>
        </message>
        <message>
            <source>Slope</source>
            <translation>Наклон</translation>
        </message>
        <message>
            <source>Slope: leaky ReLU's f(x) = x for x &gt; 0, slope · x otherwise, so negatives leak through a little</source>
            <translation>Наклон: у leaky ReLU f(x) = x при x &gt; 0, иначе наклон · x, так что отрицательные значения немного просачиваются</translation>
        </message>
        <message>
            <source>Sobel x</source>
            <translation>Собель x</translation>
        </message>
        <message>
            <source>Sobel y</source>
            <translation>Собель y</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Начать</translation>
        </message>
        <message>
            <source>Step one batch</source>
            <translation>Один пакет</translation>
        </message>
        <message>
            <source>Step {n} of {total}</source>
            <translation>Шаг {n} из {total}</translation>
        </message>
        <message>
            <source>Stride</source>
            <translation>Шаг</translation>
        </message>
        <message>
            <source>Stride: how far the kernel moves between outputs; stride 2 halves the output's height and width</source>
            <translation>Шаг: на сколько сдвигается ядро между соседними выходами; шаг 2 вдвое уменьшает высоту и ширину выхода</translation>
        </message>
        <message>
            <source>Stride: how far the window moves between outputs; equal to the window, the windows tile the map without overlapping</source>
            <translation>Шаг: на сколько сдвигается окно между соседними выходами; если он равен окну, окна покрывают карту без перекрытий</translation>
        </message>
        <message>
            <source>Symmetric: zero is the middle colour, so the sign of every value shows; min–max: the scale spans the values found</source>
            <translation>Симметрично: ноль — средний цвет, так что виден знак каждого значения; мин–макс: шкала охватывает найденные значения</translation>
        </message>
        <message>
            <source>Test image</source>
            <translation>Тестовое изображение</translation>
        </message>
        <message>
            <source>Test split of earlier weights: Evaluate shows the weights on screen.</source>
            <translation>Тестовая выборка для прежних весов: «Оценить» покажет веса на экране.</translation>
        </message>
        <message>
            <source>Test split: {n} image, accuracy {acc:.1%} ({when}).|Test split: {n} images, accuracy {acc:.1%} ({when}).</source>
            <translation>Тестовая выборка: {n} изображение, точность {acc:.1%} ({when}).|Тестовая выборка: {n} изображения, точность {acc:.1%} ({when}).|Тестовая выборка: {n} изображений, точность {acc:.1%} ({when}).</translation>
        </message>
        <message>
            <source>The brush's diameter in input pixels</source>
            <translation>Диаметр кисти в пикселях входа</translation>
        </message>
        <message>
            <source>The clipboard holds no image.</source>
            <translation>В буфере обмена нет изображения.</translation>
        </message>
        <message>
            <source>The colour painted on an RGB input's colour image</source>
            <translation>Цвет, которым рисуют на цветном изображении RGB-входа</translation>
        </message>
        <message>
            <source>The confusion matrix of the test split appears after an epoch, a pause, or Evaluate.</source>
            <translation>Матрица ошибок тестовой выборки появится после эпохи, паузы или кнопки «Оценить».</translation>
        </message>
        <message>
            <source>The conv layer whose output channels are shown</source>
            <translation>Свёрточный слой, выходные каналы которого показаны</translation>
        </message>
        <message>
            <source>The eraser paints back the input as it was before the first stroke</source>
            <translation>Ластик возвращает вход таким, каким он был до первого мазка</translation>
        </message>
        <message>
            <source>The input and one filter</source>
            <translation>Вход и один фильтр</translation>
        </message>
        <message>
            <source>The input could not be made: {what}</source>
            <translation>Не удалось построить вход: {what}</translation>
        </message>
        <message>
            <source>The input image: a generated sample, or an image or .npy array you opened</source>
            <translation>Входное изображение: сгенерированный пример или открытое вами изображение или массив .npy</translation>
        </message>
        <message>
            <source>The input image: height × width × channels</source>
            <translation>Входное изображение: высота × ширина × каналы</translation>
        </message>
        <message>
            <source>The input is a tensor H × W × C: here an 8×8×3 image (top left). One 3×3×3 filter (top right) slides over it and computes one dot product y = wᵀx + b per position: a 6×6 feature map. Click a value of the map to see its products and sums.</source>
            <translation>Вход — тензор H × W × C: здесь изображение 8×8×3 (слева вверху). Один фильтр 3×3×3 (справа вверху) пробегает по нему и в каждой позиции вычисляет скалярное произведение y = wᵀx + b: получается карта признаков 6×6. Щёлкните значение карты, чтобы увидеть его произведения и суммы.</translation>
        </message>
        <message>
            <source>The input tensor H × W × C = {shape}. Select a layer to edit it; drag layers to reorder them.</source>
            <translation>Входной тензор H × W × C = {shape}. Выберите слой, чтобы его изменить; перетаскивайте слои, чтобы поменять порядок.</translation>
        </message>
        <message>
            <source>The input's channels: as read (an image gets C from the size, a .npy array keeps its own), red, green, blue, or one grey level (luminance 0.299 R + 0.587 G + 0.114 B)</source>
            <translation>Каналы входа: как прочитаны (у изображения C берётся из размера, массив .npy сохраняет свои), красный, зелёный, синий или один уровень серого (яркость 0,299 R + 0,587 G + 0,114 B)</translation>
        </message>
        <message>
            <source>The mean of every channel's map: H × W × C → 1 × 1 × C. Fewer inputs for the dense layer than flatten, and it does not care where in the image a feature is.</source>
            <translation>Среднее карты каждого канала: H × W × C → 1 × 1 × C. Полносвязному слою достаётся меньше входов, чем после выпрямления, и неважно, где на изображении признак.</translation>
        </message>
        <message>
            <source>The number of filters F is a hyperparameter. Six filters give six maps, a 6×6×6 tensor: the input image of the next layer. Hover a map to read its exact values.</source>
            <translation>Число фильтров F — гиперпараметр. Шесть фильтров дают шесть карт, тензор 6×6×6: входное изображение следующего слоя. Наведите указатель на карту, чтобы прочитать точные значения.</translation>
        </message>
        <message>
            <source>The number painted into each channel (on one channel's map: that channel only). An RGB input painted on its colour image takes the colour instead.</source>
            <translation>Число, записываемое в каждый канал (на карте одного канала — только в него). RGB-вход, на цветном изображении которого рисуют, получает вместо этого цвет.</translation>
        </message>
        <message>
            <source>The random seed of this layer's weights (auto: derived from the layer's position)</source>
            <translation>Случайное зерно весов этого слоя (авто: выводится из позиции слоя)</translation>
        </message>
        <message>
            <source>The same dilation in both directions</source>
            <translation>Одинаковое разрежение по обоим направлениям</translation>
        </message>
        <message>
            <source>The same padding on all sides</source>
            <translation>Одинаковое дополнение нулями со всех сторон</translation>
        </message>
        <message>
            <source>The same stride in both directions</source>
            <translation>Одинаковый шаг по обоим направлениям</translation>
        </message>
        <message>
            <source>The stack</source>
            <translation>Стек слоёв</translation>
        </message>
        <message>
            <source>The stack changed: training starts again from what is on screen.</source>
            <translation>Стек изменился: обучение начнётся заново с того, что на экране.</translation>
        </message>
        <message>
            <source>The stack has an error: fix it before training.</source>
            <translation>В стеке ошибка: исправьте её перед обучением.</translation>
        </message>
        <message>
            <source>The stack has no conv layer.</source>
            <translation>В стеке нет свёрточного слоя.</translation>
        </message>
        <message>
            <source>The stack has no convolution layer.</source>
            <translation>В стеке нет свёрточного слоя.</translation>
        </message>
        <message>
            <source>The stack in the builder is impossible: this is the last valid stack.</source>
            <translation>Стек в конструкторе невозможен: показан последний допустимый стек.</translation>
        </message>
        <message>
            <source>The stack must take {data} images ({need}) to be evaluated on them.</source>
            <translation>Чтобы оценить стек на изображениях {data}, его вход должен быть {need}.</translation>
        </message>
        <message>
            <source>The stack on screen cannot be built, so it has no kernels to show.</source>
            <translation>Стек на экране не строится, поэтому ядер для показа нет.</translation>
        </message>
        <message>
            <source>The stack on screen has no conv layer.</source>
            <translation>В стеке на экране нет свёрточного слоя.</translation>
        </message>
        <message>
            <source>The whole stack</source>
            <translation>Весь стек</translation>
        </message>
        <message>
            <source>The window shows test image {i}: true {t}, predicted {p}.</source>
            <translation>Окно показывает тестовое изображение {i}: верный класс {t}, предсказан {p}.</translation>
        </message>
        <message>
            <source>This filter</source>
            <translation>Этот фильтр</translation>
        </message>
        <message>
            <source>This short tour walks through the lecture on the convolutional layer inside the window: the input, one filter, many filters, ReLU, pooling and the whole stack. Each step opens a lecture scene; Undo (Ctrl+Z) brings back what you had.</source>
            <translation>Этот короткий обзор проходит лекцию о свёрточном слое прямо в окне: вход, один фильтр, много фильтров, ReLU, пулинг и весь стек. Каждый шаг открывает сцену лекции; «Отменить» (Ctrl+Z) вернёт то, что было.</translation>
        </message>
        <message>
            <source>This stack has no convolution or pooling layer to ask about.</source>
            <translation>В этом стеке нет слоя свёртки или пулинга, о котором можно спросить.</translation>
        </message>
        <message>
            <source>Titles, names and values</source>
            <translation>Заголовки, имена и значения</translation>
        </message>
        <message>
            <source>Top images per channel</source>
            <translation>Лучшие изображения каналов</translation>
        </message>
        <message>
            <source>Total: {params} parameter · output {shape}|Total: {params} parameters · output {shape}</source>
            <translation>Всего: {params} параметр · выход {shape}|Всего: {params} параметра · выход {shape}|Всего: {params} параметров · выход {shape}</translation>
        </message>
        <message>
            <source>Total: — (a layer does not fit)</source>
            <translation>Всего: — (слой не помещается)</translation>
        </message>
        <message>
            <source>Train</source>
            <translation>Обучение</translation>
        </message>
        <message>
            <source>Train the stack on screen: it must end with flatten (or global avg pool) and a dense layer with one unit per class.</source>
            <translation>Обучите стек на экране: он должен заканчиваться выпрямлением (или глобальным avg-пулингом) и полносвязным слоем с одним нейроном на класс.</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>Обучение</translation>
        </message>
        <message>
            <source>Training images (the test set is a quarter as many)</source>
            <translation>Обучающих изображений (тестовых вчетверо меньше)</translation>
        </message>
        <message>
            <source>Translation &amp;invariance</source>
            <translation>&amp;Инвариантность к сдвигу</translation>
        </message>
        <message>
            <source>Translation invariance</source>
            <translation>Инвариантность к сдвигу</translation>
        </message>
        <message>
            <source>Type a number in a cell and press Enter; every change is one step of Edit → Undo.</source>
            <translation>Введите число в ячейку и нажмите Enter; каждое изменение — один шаг «Правка → Отменить».</translation>
        </message>
        <message>
            <source>Type a number.</source>
            <translation>Введите число.</translation>
        </message>
        <message>
            <source>Type a shape, e.g. 4×4×10 or 4 4 10.</source>
            <translation>Введите форму, например 4×4×10 или 4 4 10.</translation>
        </message>
        <message>
            <source>Type the size, e.g. 3×3.</source>
            <translation>Введите размер, например 3×3.</translation>
        </message>
        <message>
            <source>Uniform ±1/√fan-in</source>
            <translation>Равномерное ±1/√fan-in</translation>
        </message>
        <message>
            <source>Unit inspector</source>
            <translation>Инспектор нейрона</translation>
        </message>
        <message>
            <source>Units</source>
            <translation>Выходы</translation>
        </message>
        <message>
            <source>Units: how many outputs; the last dense layer's units are the classes (logits)</source>
            <translation>Выходы: сколько их у слоя; выходы последнего полносвязного слоя — это классы (логиты)</translation>
        </message>
        <message>
            <source>View</source>
            <translation>Вид</translation>
        </message>
        <message>
            <source>W: the input's width in pixels; every map's size follows from it</source>
            <translation>W: ширина входа в пикселях; от неё зависит размер каждой карты</translation>
        </message>
        <message>
            <source>Weights</source>
            <translation>Веса</translation>
        </message>
        <message>
            <source>Weights: how much each cell of the window counts in the weighted average (normalised to sum 1)</source>
            <translation>Веса: сколько весит каждая клетка окна во взвешенном среднем (нормированы к сумме 1)</translation>
        </message>
        <message>
            <source>Weights: the random values before training (He, Xavier or uniform)</source>
            <translation>Веса: случайные значения до обучения (He, Xavier или равномерные)</translation>
        </message>
        <message>
            <source>Weights: where the kernels' numbers come from — random, as before training (He, Xavier, uniform), or a hand-designed preset (edges, blur)</source>
            <translation>Веса: откуда берутся числа ядер — случайные, как до обучения (He, Xavier, равномерные), или заданный вручную шаблон (края, размытие)</translation>
        </message>
        <message>
            <source>Welcome to convviz</source>
            <translation>Добро пожаловать в convviz</translation>
        </message>
        <message>
            <source>What Copy, Paste and the operations act on</source>
            <translation>К чему применяются копирование, вставка и операции</translation>
        </message>
        <message>
            <source>Which columns a crop keeps: 0 % the left, 50 % the centre, 100 % the right</source>
            <translation>Какие столбцы оставляет обрезка: 0 % — левые, 50 % — центр, 100 % — правые</translation>
        </message>
        <message>
            <source>Which maps share one colour scale, so that equal colours mean equal values</source>
            <translation>Какие карты делят одну цветовую шкалу, чтобы одинаковый цвет означал одинаковое значение</translation>
        </message>
        <message>
            <source>Which rows a crop keeps: 0 % the top, 50 % the centre, 100 % the bottom</source>
            <translation>Какие строки оставляет обрезка: 0 % — верхние, 50 % — центр, 100 % — нижние</translation>
        </message>
        <message>
            <source>Whole layer</source>
            <translation>Весь слой</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Окно</translation>
        </message>
        <message>
            <source>Window: the K_h × K_w patch of each map that one output summarises; 2×2 with stride 2 halves the map's height and width</source>
            <translation>Окно: участок K_h × K_w каждой карты, который сводится к одному выходу; окно 2×2 с шагом 2 вдвое уменьшает высоту и ширину карты</translation>
        </message>
        <message>
            <source>Wrote {files}</source>
            <translation>Записано: {files}</translation>
        </message>
        <message>
            <source>Xavier</source>
            <translation>Xavier</translation>
        </message>
        <message>
            <source>Xavier (uniform)</source>
            <translation>Xavier (равномерное)</translation>
        </message>
        <message>
            <source>Zero</source>
            <translation>Обнулить</translation>
        </message>
        <message>
            <source>Zero {layer} f{f}</source>
            <translation>Обнулить {layer} f{f}</translation>
        </message>
        <message>
            <source>a fully connected layer from {n_in} inputs to {n_out} outputs would need {n_in}·{n_out} + {n_out} = {total} parameters</source>
            <translation>полносвязному слою с {n_in} входами и {n_out} выходами нужно {n_in}·{n_out} + {n_out} = {total} параметров</translation>
        </message>
        <message>
            <source>a window larger than 7×7 keeps its weights (set them in the network file)</source>
            <translation>окно больше 7×7 сохраняет свои веса (задайте их в файле сети)</translation>
        </message>
        <message>
            <source>accuracy</source>
            <translation>точность</translation>
        </message>
        <message>
            <source>after convolution</source>
            <translation>после свёртки</translation>
        </message>
        <message>
            <source>after epoch {e}</source>
            <translation>после эпохи {e}</translation>
        </message>
        <message>
            <source>after pooling</source>
            <translation>после пулинга</translation>
        </message>
        <message>
            <source>after the detector</source>
            <translation>после детектора</translation>
        </message>
        <message>
            <source>arrow keys</source>
            <translation>стрелки</translation>
        </message>
        <message>
            <source>auto</source>
            <translation>авто</translation>
        </message>
        <message>
            <source>auto (diverging for signed)</source>
            <translation>авто (расходящаяся для знаковых)</translation>
        </message>
        <message>
            <source>average</source>
            <translation>среднее</translation>
        </message>
        <message>
            <source>avg pool</source>
            <translation>avg-пулинг</translation>
        </message>
        <message>
            <source>batches</source>
            <translation>пакеты</translation>
        </message>
        <message>
            <source>bias</source>
            <translation>смещение</translation>
        </message>
        <message>
            <source>brush</source>
            <translation>кисть</translation>
        </message>
        <message>
            <source>by</source>
            <translation>по</translation>
        </message>
        <message>
            <source>by 0 … N, N =</source>
            <translation>на 0 … N, N =</translation>
        </message>
        <message>
            <source>channel c{c}</source>
            <translation>канал c{c}</translation>
        </message>
        <message>
            <source>channel {c}</source>
            <translation>канал {c}</translation>
        </message>
        <message>
            <source>checkerboard</source>
            <translation>шахматная доска</translation>
        </message>
        <message>
            <source>circle</source>
            <translation>круг</translation>
        </message>
        <message>
            <source>classifier</source>
            <translation>классификатор</translation>
        </message>
        <message>
            <source>classifier ({label})</source>
            <translation>классификатор ({label})</translation>
        </message>
        <message>
            <source>classifier head</source>
            <translation>голова классификатора</translation>
        </message>
        <message>
            <source>click a map</source>
            <translation>щелчок по карте</translation>
        </message>
        <message>
            <source>columns</source>
            <translation>столбцы</translation>
        </message>
        <message>
            <source>computed in {ms:.0f} ms</source>
            <translation>вычислено за {ms:.0f} мс</translation>
        </message>
        <message>
            <source>computed in {ms:.2f} ms</source>
            <translation>вычислено за {ms:.2f} мс</translation>
        </message>
        <message>
            <source>conv</source>
            <translation>свёртка</translation>
        </message>
        <message>
            <source>conv {f}@{kh}×{kw}</source>
            <translation>conv {f}@{kh}×{kw}</translation>
        </message>
        <message>
            <source>conv {n} · kernels {f} × {kh}×{kw} × {cin} (F_OUT × H_K × W_K × F_IN)</source>
            <translation>conv {n} · ядра {f} × {kh}×{kw} × {cin} (F_OUT × H_K × W_K × F_IN)</translation>
        </message>
        <message>
            <source>conv1 finds edges (Sobel presets); conv2's four kernels were designed by hand, not learned: each is a corner — a vertical and a horizontal edge of conv1 meeting at its centre, minus where either edge would run on (a straight edge gives 0) and minus the neighbouring cells (a diagonal edge gives nothing). Each corner map lights up at one corner of the square. The receptive field grows from 3×3 pixels (edges) to 8×8 (corners) and 10×10 after pooling: the corner unit inspected here has it outlined on the input and on every map before it. Learned weights find their own patterns; random ones are no hierarchy. (One colour scale per stage: conv2's −12 would leave the corner maps faint.)</source>
            <translation>conv1 находит края (шаблоны Собеля); четыре ядра conv2 заданы вручную, а не обучены: каждое — угол, где вертикальный и горизонтальный края conv1 встречаются в его центре, за вычетом мест, где любой из краёв продолжился бы (прямой край даёт 0), и за вычетом соседних ячеек (диагональный край не даёт ничего). Каждая карта углов загорается в одном углу квадрата. Рецептивное поле растёт от 3×3 пикселей (края) до 8×8 (углы) и 10×10 после пулинга: у выбранного здесь нейрона угла оно обведено на входе и на каждой карте до него. Обученные веса находят собственные шаблоны; случайные иерархии не образуют. (Одна цветовая шкала на стадию: −12 у conv2 сделало бы карты углов бледными.)</translation>
        </message>
        <message>
            <source>conv1 → ReLU → conv2 → ReLU: the detector keeps the positive responses and zeroes the rest. conv2's filters are 3×3×6 because its input has depth 6. The counting table gives parameters and neurons.</source>
            <translation>conv1 → ReLU → conv2 → ReLU: детектор оставляет положительные отклики и обнуляет остальные. Фильтры conv2 имеют размер 3×3×6, потому что глубина его входа 6. Таблица подсчёта даёт параметры и нейроны.</translation>
        </message>
        <message>
            <source>convolution</source>
            <translation>свёртка</translation>
        </message>
        <message>
            <source>convviz</source>
            <translation>convviz</translation>
        </message>
        <message>
            <source>convviz did not close normally last time. Recover the session autosaved at {when}?</source>
            <translation>В прошлый раз convviz закрылся некорректно. Восстановить сеанс, автосохранённый {when}?</translation>
        </message>
        <message>
            <source>convviz — the convolutional layer, live</source>
            <translation>convviz — свёрточный слой вживую</translation>
        </message>
        <message>
            <source>crop position</source>
            <translation>положение обрезки</translation>
        </message>
        <message>
            <source>crop to fill</source>
            <translation>обрезать до заполнения</translation>
        </message>
        <message>
            <source>cross</source>
            <translation>крест</translation>
        </message>
        <message>
            <source>c{c}</source>
            <translation>c{c}</translation>
        </message>
        <message>
            <source>c{n}</source>
            <translation>c{n}</translation>
        </message>
        <message>
            <source>default: Gaussian centred on cell ({y}, {x})</source>
            <translation>по умолчанию: гауссиана с центром в ячейке ({y}, {x})</translation>
        </message>
        <message>
            <source>dense</source>
            <translation>полносвязный</translation>
        </message>
        <message>
            <source>dense {units}</source>
            <translation>полносвязный {units}</translation>
        </message>
        <message>
            <source>detector</source>
            <translation>детектор</translation>
        </message>
        <message>
            <source>detector ({label})</source>
            <translation>детектор ({label})</translation>
        </message>
        <message>
            <source>diagonally</source>
            <translation>по диагонали</translation>
        </message>
        <message>
            <source>digits</source>
            <translation>цифры</translation>
        </message>
        <message>
            <source>digits (28×28×1)</source>
            <translation>цифры (28×28×1)</translation>
        </message>
        <message>
            <source>dilation</source>
            <translation>разрежение</translation>
        </message>
        <message>
            <source>double-click; Esc goes back</source>
            <translation>двойной щелчок; Esc — назад</translation>
        </message>
        <message>
            <source>down</source>
            <translation>вниз</translation>
        </message>
        <message>
            <source>element-wise: the same unit of {source}</source>
            <translation>поэлементно: тот же нейрон {source}</translation>
        </message>
        <message>
            <source>epoch {e} · batch {b} · loss {loss:.3f}</source>
            <translation>эпоха {e} · пакет {b} · потери {loss:.3f}</translation>
        </message>
        <message>
            <source>eraser</source>
            <translation>ластик</translation>
        </message>
        <message>
            <source>exp(x) / Σ exp(x) over the channels: the class probabilities of the logits before it. Optional at the end; training always works on the logits.</source>
            <translation>exp(x) / Σ exp(x) по каналам: вероятности классов по логитам перед ним. Необязателен в конце; обучение всегда идёт по логитам.</translation>
        </message>
        <message>
            <source>face</source>
            <translation>лицо</translation>
        </message>
        <message>
            <source>filters</source>
            <translation>фильтров</translation>
        </message>
        <message>
            <source>fit whole, zero-padded</source>
            <translation>вписать целиком, дополнив нулями</translation>
        </message>
        <message>
            <source>flatten</source>
            <translation>выпрямление</translation>
        </message>
        <message>
            <source>fraction of units that changed</source>
            <translation>доля изменившихся нейронов</translation>
        </message>
        <message>
            <source>fully connected layer, same inputs and outputs</source>
            <translation>полносвязный слой с теми же входами и выходами</translation>
        </message>
        <message>
            <source>function</source>
            <translation>функция</translation>
        </message>
        <message>
            <source>f{c}</source>
            <translation>f{c}</translation>
        </message>
        <message>
            <source>f{n}</source>
            <translation>f{n}</translation>
        </message>
        <message>
            <source>global avg pool</source>
            <translation>глобальный avg-пулинг</translation>
        </message>
        <message>
            <source>gradient</source>
            <translation>градиент</translation>
        </message>
        <message>
            <source>grayscale</source>
            <translation>оттенки серого</translation>
        </message>
        <message>
            <source>grey</source>
            <translation>серая</translation>
        </message>
        <message>
            <source>groups</source>
            <translation>группы</translation>
        </message>
        <message>
            <source>h = w</source>
            <translation>h = w</translation>
        </message>
        <message>
            <source>hover over a map</source>
            <translation>указатель над картой</translation>
        </message>
        <message>
            <source>identity</source>
            <translation>тождественная</translation>
        </message>
        <message>
            <source>image {src} cropped to fill {dst} (scaled to {scaled}, centre kept)</source>
            <translation>изображение {src} обрезано до заполнения {dst} (масштаб {scaled}, центр сохранён)</translation>
        </message>
        <message>
            <source>image {src} cropped to fill {dst} (scaled to {scaled}, kept from {y}% down, {x}% across)</source>
            <translation>изображение {src} обрезано до заполнения {dst} (масштаб {scaled}, сохранено с {y}% по высоте, {x}% по ширине)</translation>
        </message>
        <message>
            <source>image {src} fitted into {dst} (scaled to {scaled}, zero-padded)</source>
            <translation>изображение {src} вписано в {dst} (масштаб {scaled}, дополнено нулями)</translation>
        </message>
        <message>
            <source>image {src} scaled to {dst}</source>
            <translation>изображение {src} масштабировано до {dst}</translation>
        </message>
        <message>
            <source>image {src} stretched to {dst} (aspect ratio not kept)</source>
            <translation>изображение {src} растянуто до {dst} (пропорции не сохранены)</translation>
        </message>
        <message>
            <source>image {src} used as it is</source>
            <translation>изображение {src} использовано как есть</translation>
        </message>
        <message>
            <source>image: {name}</source>
            <translation>изображение: {name}</translation>
        </message>
        <message>
            <source>initialisation</source>
            <translation>инициализация</translation>
        </message>
        <message>
            <source>input</source>
            <translation>вход</translation>
        </message>
        <message>
            <source>input channel c{c}</source>
            <translation>входной канал c{c}</translation>
        </message>
        <message>
            <source>input channel mode</source>
            <translation>режим каналов входа</translation>
        </message>
        <message>
            <source>input channels</source>
            <translation>входные каналы</translation>
        </message>
        <message>
            <source>input fit</source>
            <translation>вписывание входа</translation>
        </message>
        <message>
            <source>input height</source>
            <translation>высота входа</translation>
        </message>
        <message>
            <source>input image</source>
            <translation>входное изображение</translation>
        </message>
        <message>
            <source>input width</source>
            <translation>ширина входа</translation>
        </message>
        <message>
            <source>input {shape}</source>
            <translation>вход {shape}</translation>
        </message>
        <message>
            <source>input · (y={y}, x={x}) · {values}</source>
            <translation>вход · (y={y}, x={x}) · {values}</translation>
        </message>
        <message>
            <source>input · channel {c} · (y={y}, x={x}) · {value}</source>
            <translation>вход · канал {c} · (y={y}, x={x}) · {value}</translation>
        </message>
        <message>
            <source>input · {shape}</source>
            <translation>вход · {shape}</translation>
        </message>
        <message>
            <source>jump</source>
            <translation>скачок</translation>
        </message>
        <message>
            <source>kernel size</source>
            <translation>размер ядра</translation>
        </message>
        <message>
            <source>kernels</source>
            <translation>ядра</translation>
        </message>
        <message>
            <source>landscape</source>
            <translation>пейзаж</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>слой</translation>
        </message>
        <message>
            <source>layer {index} ({label}) · {stage} · channel {c} · (y={y}, x={x}) · {value}</source>
            <translation>слой {index} ({label}) · {stage} · канал {c} · (y={y}, x={x}) · {value}</translation>
        </message>
        <message>
            <source>layer {index} · kernel of filter {f} · input channel {c} · (y={y}, x={x}) · {value}</source>
            <translation>слой {index} · ядро фильтра {f} · входной канал {c} · (y={y}, x={x}) · {value}</translation>
        </message>
        <message>
            <source>leaky ReLU</source>
            <translation>leaky ReLU</translation>
        </message>
        <message>
            <source>loss (cross-entropy)</source>
            <translation>потери (перекрёстная энтропия)</translation>
        </message>
        <message>
            <source>max</source>
            <translation>max</translation>
        </message>
        <message>
            <source>max pool</source>
            <translation>max-пулинг</translation>
        </message>
        <message>
            <source>maximum</source>
            <translation>максимуму</translation>
        </message>
        <message>
            <source>mean</source>
            <translation>среднему</translation>
        </message>
        <message>
            <source>measuring…</source>
            <translation>измерение…</translation>
        </message>
        <message>
            <source>min–max</source>
            <translation>мин–макс</translation>
        </message>
        <message>
            <source>multiply-adds</source>
            <translation>умножения-сложения</translation>
        </message>
        <message>
            <source>neurons</source>
            <translation>нейроны</translation>
        </message>
        <message>
            <source>no convolution layer</source>
            <translation>нет свёрточного слоя</translation>
        </message>
        <message>
            <source>normalised to sum 1; {what}</source>
            <translation>нормированы к сумме 1; {what}</translation>
        </message>
        <message>
            <source>number</source>
            <translation>число</translation>
        </message>
        <message>
            <source>one bias per filter</source>
            <translation>одно смещение на фильтр</translation>
        </message>
        <message>
            <source>one bias per unit</source>
            <translation>одно смещение на выход</translation>
        </message>
        <message>
            <source>only true {t} → predicted {p} (click the cell again for all)</source>
            <translation>только верный {t} → предсказан {p} (щёлкните ячейку ещё раз, чтобы увидеть все)</translation>
        </message>
        <message>
            <source>other channels' sums: {rest}</source>
            <translation>суммы других каналов: {rest}</translation>
        </message>
        <message>
            <source>output</source>
            <translation>выход</translation>
        </message>
        <message>
            <source>own channels</source>
            <translation>свои каналы</translation>
        </message>
        <message>
            <source>pad</source>
            <translation>доп</translation>
        </message>
        <message>
            <source>padding</source>
            <translation>дополнение нулями</translation>
        </message>
        <message>
            <source>parameters</source>
            <translation>параметры</translation>
        </message>
        <message>
            <source>parameters = weights + biases (F·K_h·K_w·C_in/groups + F); neurons = output units H·W·F; fully connected = inputs·outputs + one bias per output.</source>
            <translation>параметры = веса + смещения (F·K_h·K_w·C_in/groups + F); нейроны = выходы слоя H·W·F; полносвязный слой = входы·выходы + по одному смещению на выход.</translation>
        </message>
        <message>
            <source>pasted image</source>
            <translation>вставленное изображение</translation>
        </message>
        <message>
            <source>per block (conv → detector → pool)</source>
            <translation>на блок (свёртка → детектор → пулинг)</translation>
        </message>
        <message>
            <source>per map</source>
            <translation>на карту</translation>
        </message>
        <message>
            <source>per map: hover a map for its range</source>
            <translation>на карту: наведите указатель на карту, чтобы увидеть её диапазон</translation>
        </message>
        <message>
            <source>per stage</source>
            <translation>на стадию</translation>
        </message>
        <message>
            <source>pooling</source>
            <translation>пулинг</translation>
        </message>
        <message>
            <source>pooling mode</source>
            <translation>режим пулинга</translation>
        </message>
        <message>
            <source>predicted</source>
            <translation>предсказан</translation>
        </message>
        <message>
            <source>reads {source} rows {r0}…{r1}, columns {c0}…{c1}</source>
            <translation>читает {source}: строки {r0}…{r1}, столбцы {c0}…{c1}</translation>
        </message>
        <message>
            <source>receptive field</source>
            <translation>рецептивное поле</translation>
        </message>
        <message>
            <source>receptive field {h}×{w}</source>
            <translation>рецептивное поле {h}×{w}</translation>
        </message>
        <message>
            <source>relative change ‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁</source>
            <translation>относительное изменение ‖s(сдвиг) − s(x)‖₁ / ‖s(x)‖₁</translation>
        </message>
        <message>
            <source>right</source>
            <translation>вправо</translation>
        </message>
        <message>
            <source>rows</source>
            <translation>строки</translation>
        </message>
        <message>
            <source>same</source>
            <translation>same</translation>
        </message>
        <message>
            <source>same as the window (no overlap)</source>
            <translation>как окно (без перекрытия)</translation>
        </message>
        <message>
            <source>sample: {name}</source>
            <translation>пример: {name}</translation>
        </message>
        <message>
            <source>scale: block {label} ({layers})</source>
            <translation>шкала: блок {label} ({layers})</translation>
        </message>
        <message>
            <source>scale: this stage</source>
            <translation>шкала: эта стадия</translation>
        </message>
        <message>
            <source>scale: whole stack</source>
            <translation>шкала: весь стек</translation>
        </message>
        <message>
            <source>seed</source>
            <translation>зерно</translation>
        </message>
        <message>
            <source>seed </source>
            <translation>зерно </translation>
        </message>
        <message>
            <source>shapes</source>
            <translation>фигуры</translation>
        </message>
        <message>
            <source>shapes (32×32×3)</source>
            <translation>фигуры (32×32×3)</translation>
        </message>
        <message>
            <source>shift d (pixels)</source>
            <translation>сдвиг d (пиксели)</translation>
        </message>
        <message>
            <source>shifted {where} by 0 … {n} pixel; zero where the shift leaves the image|shifted {where} by 0 … {n} pixels; zero where the shift leaves the image</source>
            <translation>сдвиг {where} на 0 … {n} пиксель; нули там, где сдвиг выходит за изображение|сдвиг {where} на 0 … {n} пикселя; нули там, где сдвиг выходит за изображение|сдвиг {where} на 0 … {n} пикселей; нули там, где сдвиг выходит за изображение</translation>
        </message>
        <message>
            <source>sigmoid</source>
            <translation>сигмоида</translation>
        </message>
        <message>
            <source>slope</source>
            <translation>наклон</translation>
        </message>
        <message>
            <source>softmax</source>
            <translation>softmax</translation>
        </message>
        <message>
            <source>square</source>
            <translation>квадрат</translation>
        </message>
        <message>
            <source>star</source>
            <translation>звезда</translation>
        </message>
        <message>
            <source>step {n} / {total}</source>
            <translation>шаг {n} / {total}</translation>
        </message>
        <message>
            <source>stretch</source>
            <translation>растянуть</translation>
        </message>
        <message>
            <source>stride</source>
            <translation>шаг</translation>
        </message>
        <message>
            <source>stripes</source>
            <translation>полосы</translation>
        </message>
        <message>
            <source>symmetric around 0</source>
            <translation>симметрично относительно 0</translation>
        </message>
        <message>
            <source>tanh</source>
            <translation>tanh</translation>
        </message>
        <message>
            <source>test</source>
            <translation>тест</translation>
        </message>
        <message>
            <source>test (each epoch)</source>
            <translation>тест (каждая эпоха)</translation>
        </message>
        <message>
            <source>test image {i} ({cls}): score {value:.3f} in {f}</source>
            <translation>тестовое изображение {i} ({cls}): оценка {value:.3f} в {f}</translation>
        </message>
        <message>
            <source>test image {i}: true {t}, predicted {p} ({conf:.0%})</source>
            <translation>тестовое изображение {i}: верный {t}, предсказан {p} ({conf:.0%})</translation>
        </message>
        <message>
            <source>text</source>
            <translation>текст</translation>
        </message>
        <message>
            <source>the input</source>
            <translation>вход</translation>
        </message>
        <message>
            <source>the whole filter (all channels)</source>
            <translation>весь фильтр (все каналы)</translation>
        </message>
        <message>
            <source>the window takes inputs of 1 to {n} pixel a side|the window takes inputs of 1 to {n} pixels a side</source>
            <translation>окно принимает входы со стороной от 1 до {n} пикселя|окно принимает входы со стороной от 1 до {n} пикселей|окно принимает входы со стороной от 1 до {n} пикселей</translation>
        </message>
        <message>
            <source>then {f}({y}) = {z}</source>
            <translation>затем {f}({y}) = {z}</translation>
        </message>
        <message>
            <source>this layer</source>
            <translation>этот слой</translation>
        </message>
        <message>
            <source>this session</source>
            <translation>этот сеанс</translation>
        </message>
        <message>
            <source>three edges</source>
            <translation>три края</translation>
        </message>
        <message>
            <source>total</source>
            <translation>всего</translation>
        </message>
        <message>
            <source>train (batches)</source>
            <translation>обучение (пакеты)</translation>
        </message>
        <message>
            <source>triangle</source>
            <translation>треугольник</translation>
        </message>
        <message>
            <source>true class</source>
            <translation>верный класс</translation>
        </message>
        <message>
            <source>true {t}, predicted {p}: {n} of {row} test image ({share:.0%})|true {t}, predicted {p}: {n} of {row} test images ({share:.0%})</source>
            <translation>верный {t}, предсказан {p}: {n} из {row} тестового изображения ({share:.0%})|верный {t}, предсказан {p}: {n} из {row} тестовых изображений ({share:.0%})|верный {t}, предсказан {p}: {n} из {row} тестовых изображений ({share:.0%})</translation>
        </message>
        <message>
            <source>uniform</source>
            <translation>равномерное</translation>
        </message>
        <message>
            <source>untitled</source>
            <translation>без имени</translation>
        </message>
        <message>
            <source>valid</source>
            <translation>valid</translation>
        </message>
        <message>
            <source>w (kernel f{f}, c{c})</source>
            <translation>w (ядро f{f}, c{c})</translation>
        </message>
        <message>
            <source>weight of window cell ({i}, {j})</source>
            <translation>вес ячейки окна ({i}, {j})</translation>
        </message>
        <message>
            <source>weighted</source>
            <translation>взвешенное</translation>
        </message>
        <message>
            <source>weighted average (Gaussian window)</source>
            <translation>взвешенное среднее (гауссово окно)</translation>
        </message>
        <message>
            <source>weighted avg pool</source>
            <translation>взвешенный avg-пулинг</translation>
        </message>
        <message>
            <source>weights</source>
            <translation>веса</translation>
        </message>
        <message>
            <source>weights on screen</source>
            <translation>веса на экране</translation>
        </message>
        <message>
            <source>weights {f}·{kh}·{kw}·{c} = {n}</source>
            <translation>веса {f}·{kh}·{kw}·{c} = {n}</translation>
        </message>
        <message>
            <source>whole stack</source>
            <translation>весь стек</translation>
        </message>
        <message>
            <source>window</source>
            <translation>окно</translation>
        </message>
        <message>
            <source>window on {source}, rows {r0}…{r1}, columns {c0}…{c1}</source>
            <translation>окно на {source}: строки {r0}…{r1}, столбцы {c0}…{c1}</translation>
        </message>
        <message>
            <source>window size</source>
            <translation>размер окна</translation>
        </message>
        <message>
            <source>x (right)</source>
            <translation>x (вправо)</translation>
        </message>
        <message>
            <source>x (window)</source>
            <translation>x (окно)</translation>
        </message>
        <message>
            <source>x = {x}</source>
            <translation>x = {x}</translation>
        </message>
        <message>
            <source>x and y (diagonal)</source>
            <translation>x и y (по диагонали)</translation>
        </message>
        <message>
            <source>x · w</source>
            <translation>x · w</translation>
        </message>
        <message>
            <source>y (down)</source>
            <translation>y (вниз)</translation>
        </message>
        <message>
            <source>y = max(window) = {y}, at input (row {r}, column {c})</source>
            <translation>y = max(окно) = {y}, во входе (строка {r}, столбец {c})</translation>
        </message>
        <message>
            <source>y = mean(window) = Σ weights · window = {y}</source>
            <translation>y = среднее(окно) = Σ веса · окно = {y}</translation>
        </message>
        <message>
            <source>y = wᵀx + b = {total} + {b} = {y}</source>
            <translation>y = wᵀx + b = {total} + {b} = {y}</translation>
        </message>
        <message>
            <source>y = wᵀx = {y}   (no bias)</source>
            <translation>y = wᵀx = {y}   (без смещения)</translation>
        </message>
        <message>
            <source>y = {f}(x) = {y}</source>
            <translation>y = {f}(x) = {y}</translation>
        </message>
        <message>
            <source>y = Σ weights · window = {y}  (weighted average; the weights sum to 1)</source>
            <translation>y = Σ веса · окно = {y}  (взвешенное среднее; веса в сумме дают 1)</translation>
        </message>
        <message>
            <source>your weights</source>
            <translation>ваши веса</translation>
        </message>
        <message>
            <source>{data} images are {need}; the stack's input is {shape}. Set the input size to {need}.</source>
            <translation>Изображения {data} имеют размер {need}, а вход стека — {shape}. Задайте размер входа {need}.</translation>
        </message>
        <message>
            <source>{data} test image {i}: {cls}</source>
            <translation>{data}, тестовое изображение {i}: {cls}</translation>
        </message>
        <message>
            <source>{index} · {stage}</source>
            <translation>{index} · {stage}</translation>
        </message>
        <message>
            <source>{label} (per map)</source>
            <translation>{label} (на карту)</translation>
        </message>
        <message>
            <source>{label} · kernels {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN)</source>
            <translation>{label} · ядра {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN)</translation>
        </message>
        <message>
            <source>{label} · kernels {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN) · scale ±{limit}</source>
            <translation>{label} · ядра {f} × {kh}×{kw} × {cin}  (F_OUT × H_K × W_K × F_IN) · шкала ±{limit}</translation>
        </message>
        <message>
            <source>{label} → {shape}</source>
            <translation>{label} → {shape}</translation>
        </message>
        <message>
            <source>{label} → {shape} · {params}</source>
            <translation>{label} → {shape} · {params}</translation>
        </message>
        <message>
            <source>{label} → —</source>
            <translation>{label} → —</translation>
        </message>
        <message>
            <source>{layer} · channel {c} · unit (y={y}, x={x})</source>
            <translation>{layer} · канал {c} · нейрон (y={y}, x={x})</translation>
        </message>
        <message>
            <source>{layer} · filter f{f} · unit (y={y}, x={x})</source>
            <translation>{layer} · фильтр f{f} · нейрон (y={y}, x={x})</translation>
        </message>
        <message>
            <source>{layer} · filter f{f} · {kh}×{kw} × {cin} input channels</source>
            <translation>{layer} · фильтр f{f} · {kh}×{kw} × {cin} входных каналов</translation>
        </message>
        <message>
            <source>{name} has no file to read again at another size or in other channels: open an image or choose a sample to change the input.</source>
            <translation>У {name} нет файла, чтобы прочитать его заново в другом размере или с другими каналами: откройте изображение или выберите пример, чтобы изменить вход.</translation>
        </message>
        <message>
            <source>{name}[*] — convviz</source>
            <translation>{name}[*] — convviz</translation>
        </message>
        <message>
            <source>{n}/s</source>
            <translation>{n}/с</translation>
        </message>
        <message>
            <source>{params} param|{params} params</source>
            <translation>{params} параметр|{params} параметра|{params} параметров</translation>
        </message>
        <message>
            <source>{pool} {kh}×{kw}</source>
            <translation>{pool} {kh}×{kw}</translation>
        </message>
        <message>
            <source>{right} of {n} right</source>
            <translation>верно {right} из {n}</translation>
        </message>
        <message>
            <source>{weights} (no biases)</source>
            <translation>{weights} (без смещений)</translation>
        </message>
        <message>
            <source>{weights} + biases {b} = {total}</source>
            <translation>{weights} + смещения {b} = {total}</translation>
        </message>
        <message>
            <source>Σ of c{c}'s products = {s}</source>
            <translation>Σ произведений c{c} = {s}</translation>
        </message>
        <message>
            <source>Σ over the {n} channels = {terms} = {total}</source>
            <translation>Σ по {n} каналам = {terms} = {total}</translation>
        </message>
        <message>
            <source>“{text}” is not a number</source>
            <translation>«{text}» — не число</translation>
        </message>
        <message>
            <source>✎ Draw on the input</source>
            <translation>✎ Рисовать на входе</translation>
        </message>
        <message>
            <source>✗ {answer} — {why}</source>
            <translation>✗ {answer} — {why}</translation>
        </message>
    </context>
    <context>
        <name>errors</name>
        <message>
            <source>"layers" must be a list of layer objects</source>
            <translation>"layers" должен быть списком объектов-слоёв</translation>
        </message>
        <message>
            <source>.png or .svg</source>
            <translation>.png или .svg</translation>
        </message>
        <message>
            <source>a finite number</source>
            <translation>конечным числом</translation>
        </message>
        <message>
            <source>a known colormap</source>
            <translation>известной цветовой картой</translation>
        </message>
        <message>
            <source>a number in (0, 16]</source>
            <translation>числом в (0, 16]</translation>
        </message>
        <message>
            <source>a positive integer</source>
            <translation>положительным целым</translation>
        </message>
        <message>
            <source>a positive number</source>
            <translation>положительным числом</translation>
        </message>
        <message>
            <source>a size such as 4G or 512M</source>
            <translation>размером вида 4G или 512M</translation>
        </message>
        <message>
            <source>a stack with a conv layer</source>
            <translation>стеком со свёрточным слоем</translation>
        </message>
        <message>
            <source>an .npz dataset needs arrays x and y</source>
            <translation>набору данных .npz нужны массивы x и y</translation>
        </message>
        <message>
            <source>an integer, a pair, "same" or "valid"</source>
            <translation>целым числом, парой, "same" или "valid"</translation>
        </message>
        <message>
            <source>an object like {"type": "conv", …}</source>
            <translation>объектом вида {"type": "conv", …}</translation>
        </message>
        <message>
            <source>arrays must be numeric</source>
            <translation>массивы должны быть числовыми</translation>
        </message>
        <message>
            <source>avg</source>
            <translation>avg</translation>
        </message>
        <message>
            <source>class indices must be ≥ 0</source>
            <translation>номера классов должны быть ≥ 0</translation>
        </message>
        <message>
            <source>evaluating</source>
            <translation>оценка</translation>
        </message>
        <message>
            <source>expected one sub-folder of images per class</source>
            <translation>ожидалась одна подпапка изображений на класс</translation>
        </message>
        <message>
            <source>finite numbers that do not sum to zero</source>
            <translation>конечными числами с ненулевой суммой</translation>
        </message>
        <message>
            <source>generating the images</source>
            <translation>создание изображений</translation>
        </message>
        <message>
            <source>it holds no 4-D *.weight tensor</source>
            <translation>в нём нет 4-мерного тензора *.weight</translation>
        </message>
        <message>
            <source>it holds no named tensors</source>
            <translation>в нём нет именованных тензоров</translation>
        </message>
        <message>
            <source>layer {index} (conv, kernel {kh}×{kw})</source>
            <translation>слой {index} (свёртка, ядро {kh}×{kw})</translation>
        </message>
        <message>
            <source>layer {index} ({mode} pool, window {kh}×{kw})</source>
            <translation>слой {index} ({mode}-пулинг, окно {kh}×{kw})</translation>
        </message>
        <message>
            <source>layer {index} ({type})</source>
            <translation>слой {index} ({type})</translation>
        </message>
        <message>
            <source>layer {index} does not exist: the network has layers 0…{last}</source>
            <translation>слоя {index} нет: в сети слои 0…{last}</translation>
        </message>
        <message>
            <source>max</source>
            <translation>max</translation>
        </message>
        <message>
            <source>nested too deeply</source>
            <translation>слишком глубокая вложенность</translation>
        </message>
        <message>
            <source>no bias</source>
            <translation>нет смещения</translation>
        </message>
        <message>
            <source>no bias (turn the layer's bias on)</source>
            <translation>нет смещения (включите смещение слоя)</translation>
        </message>
        <message>
            <source>no such conv layer</source>
            <translation>нет такого свёрточного слоя</translation>
        </message>
        <message>
            <source>no weights</source>
            <translation>нет весов</translation>
        </message>
        <message>
            <source>the array contains NaN or infinite values</source>
            <translation>массив содержит NaN или бесконечные значения</translation>
        </message>
        <message>
            <source>the input contains NaN or infinite values</source>
            <translation>вход содержит NaN или бесконечные значения</translation>
        </message>
        <message>
            <source>the input must have at least one pixel and one channel (got {shape})</source>
            <translation>у входа должен быть хотя бы один пиксель и один канал (получено {shape})</translation>
        </message>
        <message>
            <source>the language must be en or ru (got {value})</source>
            <translation>язык должен быть en или ru (получено {value})</translation>
        </message>
        <message>
            <source>the network has no layers</source>
            <translation>в сети нет слоёв</translation>
        </message>
        <message>
            <source>the number of questions must be ≥ 1 (got {value})</source>
            <translation>число вопросов должно быть ≥ 1 (получено {value})</translation>
        </message>
        <message>
            <source>the shift axis must be x, y or xy (got {value})</source>
            <translation>ось сдвига должна быть x, y или xy (получено {value})</translation>
        </message>
        <message>
            <source>the shift must be ≥ 0 (got {value})</source>
            <translation>сдвиг должен быть ≥ 0 (получено {value})</translation>
        </message>
        <message>
            <source>the top level must be an object</source>
            <translation>верхний уровень должен быть объектом</translation>
        </message>
        <message>
            <source>this request</source>
            <translation>этот запрос</translation>
        </message>
        <message>
            <source>training</source>
            <translation>обучение</translation>
        </message>
        <message>
            <source>weighted</source>
            <translation>weighted</translation>
        </message>
        <message>
            <source>x holds NaN or infinite values</source>
            <translation>x содержит NaN или бесконечные значения</translation>
        </message>
        <message>
            <source>{"height": H, "width": W, "channels": C}</source>
            <translation>{"height": H, "width": W, "channels": C}</translation>
        </message>
        <message>
            <source>{path}: cannot be read ({detail})</source>
            <translation>{path}: не удаётся прочитать ({detail})</translation>
        </message>
        <message>
            <source>{path}: format version {version} is newer than this convviz understands (1)</source>
            <translation>{path}: версия формата {version} новее, чем понимает этот convviz (1)</translation>
        </message>
        <message>
            <source>{path}: gives no weights for {missing}; load only some layers with --partial (the others keep theirs)</source>
            <translation>{path}: нет весов для {missing}; загрузите только часть слоёв с --partial (остальные сохранят свои)</translation>
        </message>
        <message>
            <source>{path}: holds no weights for any conv layer of the stack (its conv layers: {layers})</source>
            <translation>{path}: нет весов ни для одного свёрточного слоя стека (его свёрточные слои: {layers})</translation>
        </message>
        <message>
            <source>{path}: no such file</source>
            <translation>{path}: нет такого файла</translation>
        </message>
        <message>
            <source>{path}: not a PyTorch state_dict convviz can read ({detail})</source>
            <translation>{path}: это не state_dict PyTorch, который convviz может прочитать ({detail})</translation>
        </message>
        <message>
            <source>{path}: not a convviz project ({detail})</source>
            <translation>{path}: это не проект convviz ({detail})</translation>
        </message>
        <message>
            <source>{path}: not a readable weights file ({detail})</source>
            <translation>{path}: это не читаемый файл весов ({detail})</translation>
        </message>
        <message>
            <source>{path}: not a valid network file ({detail})</source>
            <translation>{path}: это не корректный файл сети ({detail})</translation>
        </message>
        <message>
            <source>{path}: not an image convviz can read (PNG, JPEG, BMP, …) or a .npy array</source>
            <translation>{path}: это не изображение, которое convviz может прочитать (PNG, JPEG, BMP, …), и не массив .npy</translation>
        </message>
        <message>
            <source>{path}: project format version {version} is newer than this convviz understands ({supported}); update convviz to open it</source>
            <translation>{path}: версия формата проекта {version} новее, чем понимает этот convviz ({supported}); обновите convviz, чтобы открыть его</translation>
        </message>
        <message>
            <source>{path}: reading PyTorch files needs PyTorch, which is not installed (pip install 'convviz[torch]')</source>
            <translation>{path}: для чтения файлов PyTorch нужен PyTorch, а он не установлен (pip install 'convviz[torch]')</translation>
        </message>
        <message>
            <source>{path}: the array has shape {shape} but the network expects {expected}</source>
            <translation>{path}: у массива форма {shape}, а сеть ожидает {expected}</translation>
        </message>
        <message>
            <source>{path}: the image is incomplete or damaged ({detail}); nothing was changed</source>
            <translation>{path}: изображение неполное или повреждено ({detail}); ничего не изменено</translation>
        </message>
        <message>
            <source>{path}: the image is {width}×{height}; convviz accepts at most {limit}×{limit} pixels</source>
            <translation>{path}: изображение {width}×{height}; convviz принимает не больше {limit}×{limit} пикселей</translation>
        </message>
        <message>
            <source>{path}: the key {key!r} appears twice in one object; keep one</source>
            <translation>{path}: ключ {key!r} встречается в одном объекте дважды; оставьте один</translation>
        </message>
        <message>
            <source>{path}: {detail}</source>
            <translation>{path}: {detail}</translation>
        </message>
        <message>
            <source>{path}: {keys} match{s} no conv layer of the stack (its conv layers: {layers}); use weight.{{i}} and bias.{{i}} with i a conv layer's index</source>
            <translation>{path}: {keys} не соответствуют ни одному свёрточному слою стека{s} (его свёрточные слои: {layers}); используйте weight.{{i}} и bias.{{i}}, где i — номер свёрточного слоя</translation>
        </message>
        <message>
            <source>{path}: {kind}, not a regular file; convviz reads only regular files</source>
            <translation>{path}: {kind}, а не обычный файл; convviz читает только обычные файлы</translation>
        </message>
        <message>
            <source>{path}: {size} is too large for a {what} (at most {limit})</source>
            <translation>{path}: {size} — слишком много для {what} (не больше {limit})</translation>
        </message>
        <message>
            <source>{shape} (read as RGB)</source>
            <translation>{shape} (прочитано как RGB)</translation>
        </message>
        <message>
            <source>{shape} (read as grayscale)</source>
            <translation>{shape} (прочитано в оттенках серого)</translation>
        </message>
        <message>
            <source>{what} needs {needed} of memory, more than the limit of {limit} ({where} alone needs {layer_size}); use a smaller batch (--batch), fewer images (--count) or a smaller stack, or raise the limit (--memory-limit SIZE, CONVVIZ_MEMORY_LIMIT)</source>
            <translation>{what}: нужно {needed} памяти, больше предела {limit} ({where} один требует {layer_size}); возьмите меньший пакет (--batch), меньше изображений (--count) или стек поменьше либо поднимите предел (--memory-limit SIZE, CONVVIZ_MEMORY_LIMIT)</translation>
        </message>
        <message>
            <source>{what} needs {needed} of memory, more than the limit of {limit} ({where} alone needs {layer_size}); use a smaller input, fewer filters or a larger stride, or raise the limit (--memory-limit SIZE, CONVVIZ_MEMORY_LIMIT)</source>
            <translation>{what}: нужно {needed} памяти, больше предела {limit} ({where} один требует {layer_size}); возьмите вход меньше, меньше фильтров или больший шаг либо поднимите предел (--memory-limit SIZE, CONVVIZ_MEMORY_LIMIT)</translation>
        </message>
        <message>
            <source>{where} does not fit its {in_shape} input: the kernel covers {extent} but the padded input is only {padded}; use padding ≥ {min_padding} or a smaller kernel</source>
            <translation>{where} не помещается в свой вход {in_shape}: ядро покрывает {extent}, а вход с дополнением нулями — только {padded}; возьмите дополнение нулями ≥ {min_padding} или ядро меньше</translation>
        </message>
        <message>
            <source>{where} does not fit its {in_shape} input: the {size} window is larger than the padded input {padded}; use a smaller pooling window</source>
            <translation>{where} не помещается в свой вход {in_shape}: окно {size} больше входа с дополнением нулями {padded}; возьмите окно пулинга меньше</translation>
        </message>
        <message>
            <source>{where} has channels 0…{last} (got {channel})</source>
            <translation>у {where} каналы 0…{last} (получено {channel})</translation>
        </message>
        <message>
            <source>{where} has no sliding window; choose a conv or pool layer</source>
            <translation>у {where} нет скользящего окна; выберите слой свёртки или пулинга</translation>
        </message>
        <message>
            <source>{where} outputs a {shape} map: y must be in 0…{last_y} and x in 0…{last_x} (got {y},{x})</source>
            <translation>{where} выдаёт карту {shape}: y должен быть в 0…{last_y}, x — в 0…{last_x} (получено {y},{x})</translation>
        </message>
        <message>
            <source>{where}: groups = {groups} must divide both the input depth {channels} and the number of filters {filters}</source>
            <translation>{where}: число групп {groups} должно делить и глубину входа {channels}, и число фильтров {filters}</translation>
        </message>
        <message>
            <source>{where}: padding "same" needs stride 1 (got stride {stride})</source>
            <translation>{where}: дополнение нулями "same" требует шага 1 (получен шаг {stride})</translation>
        </message>
        <message>
            <source>{where}: padding {padding} must be at most half the window size {size}</source>
            <translation>{where}: дополнение нулями {padding} должно быть не больше половины размера окна {size}</translation>
        </message>
        <message>
            <source>{where}: the required key {key!r} is missing</source>
            <translation>{where}: нет обязательного ключа {key!r}</translation>
        </message>
        <message>
            <source>{where}: unknown kernel preset {value!r}; use one of {allowed}</source>
            <translation>{where}: неизвестный шаблон ядра {value!r}; используйте один из: {allowed}</translation>
        </message>
        <message>
            <source>{where}: unknown key {key!r}; allowed keys: {allowed}</source>
            <translation>{where}: неизвестный ключ {key!r}; допустимые ключи: {allowed}</translation>
        </message>
        <message>
            <source>{where}: unknown layer type {value!r}; use one of {allowed}</source>
            <translation>{where}: неизвестный тип слоя {value!r}; используйте один из: {allowed}</translation>
        </message>
        <message>
            <source>{where}: {key} contains NaN or infinite values</source>
            <translation>{where}: {key} содержит NaN или бесконечные значения</translation>
        </message>
        <message>
            <source>{where}: {key} has shape {shape} but the layer needs {expected}</source>
            <translation>{where}: у {key} форма {shape}, а слою нужна {expected}</translation>
        </message>
        <message>
            <source>{where}: {key} in {path} has shape {shape} but the layer needs {expected} (F, C, K_h, K_w)</source>
            <translation>{where}: у {key} в {path} форма {shape}, а слою нужна {expected} (F, C, K_h, K_w)</translation>
        </message>
        <message>
            <source>{where}: {key} in {path} has shape {shape} but the layer needs {expected} (units, inputs)</source>
            <translation>{where}: у {key} в {path} форма {shape}, а слою нужна {expected} (выходы, входы)</translation>
        </message>
        <message>
            <source>{where}: {key} is given but the layer has {detail}</source>
            <translation>{where}: {key} задан, но у слоя {detail}</translation>
        </message>
        <message>
            <source>{where}: {key} must be {expected} (got {value})</source>
            <translation>{where}: {key} должен быть {expected} (получено {value})</translation>
        </message>
        <message>
            <source>{where}: {path} has only {found} conv weight tensors (4-D *.weight) for the stack's {needed} conv layers</source>
            <translation>{where}: в {path} только {found} тензоров весов свёртки (4-мерных *.weight) на {needed} свёрточных слоёв стека</translation>
        </message>
        <message>
            <source>{where}: {path} has only {found} linear weight tensors (2-D *.weight) for the stack's {needed} dense layers</source>
            <translation>{where}: в {path} только {found} тензоров весов linear (2-мерных *.weight) на {needed} полносвязных слоёв стека</translation>
        </message>
    </context>
    <context>
        <name>text</name>
        <message>
            <source>(layer {i})</source>
            <translation>(слой {i})</translation>
        </message>
        <message>
            <source>(the engine's value; re-added here: {v})</source>
            <translation>(значение движка; пересчитано здесь: {v})</translation>
        </message>
        <message>
            <source>FC params</source>
            <translation>параметры FC</translation>
        </message>
        <message>
            <source>MACs</source>
            <translation>умножений</translation>
        </message>
        <message>
            <source>RF</source>
            <translation>рецептивное поле</translation>
        </message>
        <message>
            <source>average</source>
            <translation>среднее</translation>
        </message>
        <message>
            <source>each cell: relative change ‖s(shifted) − s(x)‖₁ / ‖s(x)‖₁ (— where ‖s(x)‖₁ = 0) and, in brackets, the
fraction of units that changed by more than 1e-6·max|s(x)|; stages are compared position by position.
On sparse maps the fraction can rise after pooling while the relative change falls: read both.</source>
            <translation>в каждой клетке: относительное изменение ‖s(сдвиг) − s(x)‖₁ / ‖s(x)‖₁ (— где ‖s(x)‖₁ = 0) и, в скобках, доля
нейронов, изменившихся больше чем на 1e-6·max|s(x)|; этапы сравниваются позиция за позицией.
На разреженных картах доля может вырасти после пулинга, хотя относительное изменение падает: смотрите на оба.</translation>
        </message>
        <message>
            <source>input</source>
            <translation>вход</translation>
        </message>
        <message>
            <source>input channel {c}:</source>
            <translation>входной канал {c}:</translation>
        </message>
        <message>
            <source>jump</source>
            <translation>шаг поля</translation>
        </message>
        <message>
            <source>kernel</source>
            <translation>ядро</translation>
        </message>
        <message>
            <source>layer</source>
            <translation>слой</translation>
        </message>
        <message>
            <source>layer {i}</source>
            <translation>слой {i}</translation>
        </message>
        <message>
            <source>layer {i} ({label})</source>
            <translation>слой {i} ({label})</translation>
        </message>
        <message>
            <source>max = {y} at input (row {row}, col {col}) (the first maximum in row-major order)</source>
            <translation>max = {y} на входе (строка {row}, столбец {col}) (первый максимум при обходе по строкам)</translation>
        </message>
        <message>
            <source>neurons</source>
            <translation>нейроны</translation>
        </message>
        <message>
            <source>output</source>
            <translation>выход</translation>
        </message>
        <message>
            <source>pad</source>
            <translation>доп</translation>
        </message>
        <message>
            <source>params</source>
            <translation>параметры</translation>
        </message>
        <message>
            <source>params = weights + biases; neurons = output units H·W·F; FC params = a fully connected layer with the same inputs and outputs, inputs·outputs + one bias per output</source>
            <translation>параметры = веса + смещения; нейроны = выходы слоя H·W·F; параметры FC = полносвязный слой с теми же входами и выходами: входы·выходы + по смещению на каждый выход</translation>
        </message>
        <message>
            <source>products</source>
            <translation>произведения</translation>
        </message>
        <message>
            <source>shift (dy, dx)</source>
            <translation>сдвиг (dy, dx)</translation>
        </message>
        <message>
            <source>total params: {params}    total MACs: {macs}</source>
            <translation>всего параметров: {params}    всего умножений: {macs}</translation>
        </message>
        <message>
            <source>weighted average</source>
            <translation>взвешенное среднее</translation>
        </message>
        <message>
            <source>weights</source>
            <translation>веса</translation>
        </message>
        <message>
            <source>window rows {rows}, cols {cols} (rows {row_list}, cols {col_list}; outside the input: padding)</source>
            <translation>окно: строки {rows}, столбцы {cols} (строки {row_list}, столбцы {col_list}; вне входа — дополнение нулями)</translation>
        </message>
        <message>
            <source>{layer}, channel {channel} at (y={y}, x={x})</source>
            <translation>{layer}, канал {channel} в точке (y={y}, x={x})</translation>
        </message>
        <message>
            <source>{what} = Σ weight·input (padding counts as 0) = {y}</source>
            <translation>{what} = Σ вес·вход (дополнение считается нулём) = {y}</translation>
        </message>
    </context>
</TS>
